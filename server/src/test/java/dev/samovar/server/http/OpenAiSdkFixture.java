package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.CompletionUsage;
import dev.samovar.engine.ChatMessage;
import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of the official OpenAI SDK against the real engine share: the server over the tiny
 * model with two sequences of 1024 tokens, an SDK client, a default request, and a streamed
 * answer's contents, logprobs, finish reasons and usage.
 */
@Timeout(120)
abstract class OpenAiSdkFixture {
  static final String SYSTEM = "Отвечай коротко.";
  static final String PROMPT = "Привет! Как дела?";
  static final long SEED = 7;

  @TempDir static Path dir;
  static TinyServer server;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    server = TinyServer.start(dir, 2, 1024, ServerSettings.DEFAULTS);
    client = server.client(0);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A request for a short answer to {@link #PROMPT} after {@link #SYSTEM}. */
  static ChatCompletionCreateParams.Builder params() {
    return ChatCompletionCreateParams.builder()
        .model(TinyModel.MODEL_ID)
        .addSystemMessage(SYSTEM)
        .addUserMessage(PROMPT);
  }

  /** The content of the first choice of the answer to {@code request}. */
  static String content(ChatCompletionCreateParams request) {
    return client
        .chat()
        .completions()
        .create(request)
        .choices()
        .getFirst()
        .message()
        .content()
        .orElseThrow();
  }

  /** The content of each choice, the usage chunks and the finish reasons of a stream. */
  record Streamed(
      Map<Long, String> contents,
      Map<Long, List<ChatCompletionTokenLogprob>> logprobs,
      List<ChatCompletionChunk.Choice.FinishReason> finishReasons,
      List<CompletionUsage> usages) {}

  /** The answer to {@code request}, streamed. */
  static Streamed stream(ChatCompletionCreateParams request) {
    Map<Long, StringBuilder> contents = new TreeMap<>();
    Map<Long, List<ChatCompletionTokenLogprob>> logprobs = new TreeMap<>();
    List<ChatCompletionChunk.Choice.FinishReason> finishReasons = new ArrayList<>();
    List<CompletionUsage> usages = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(request)) {
      stream.stream()
          .forEach(
              chunk -> {
                chunk.usage().ifPresent(usages::add);
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                  String text = choice.delta().content().orElse("");
                  assertThat(text).doesNotContain("\uFFFD");
                  contents.computeIfAbsent(choice.index(), i -> new StringBuilder()).append(text);
                  choice
                      .logprobs()
                      .flatMap(ChatCompletionChunk.Choice.Logprobs::content)
                      .ifPresent(
                          entries ->
                              logprobs
                                  .computeIfAbsent(choice.index(), i -> new ArrayList<>())
                                  .addAll(entries));
                  choice.finishReason().ifPresent(finishReasons::add);
                }
              });
    }
    Map<Long, String> texts = new TreeMap<>();
    contents.forEach((index, text) -> texts.put(index, text.toString()));
    return new Streamed(texts, logprobs, finishReasons, usages);
  }

  /** The engine's token count of a system and a user message. */
  static long promptTokens(String system, String user) {
    return server.tokens(
        server.engine.renderChat(
            List.of(new ChatMessage("system", system), new ChatMessage("user", user))));
  }
}
