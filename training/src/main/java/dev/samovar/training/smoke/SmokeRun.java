package dev.samovar.training.smoke;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.TextDelta;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Loads a GGUF file through the inference engine and generates greedily for a few prompts (through
 * the model's chat template when it has one), printing speed and a sample of each reply.
 */
public final class SmokeRun {
  /** Prompts used when none are given. */
  public static final List<String> DEFAULT_PROMPTS =
      List.of(
          "Привет! Расскажи коротко о себе.",
          "Сколько будет 2 + 2? Ответь одним словом.",
          "Write one sentence about tea.");

  private static final int SAMPLE_CHARS = 160;

  private SmokeRun() {}

  /**
   * Runs {@code prompts} through the model {@code loaded} runs ({@code gguf}), then closes it.
   *
   * @throws EngineException when a generation fails
   */
  public static void run(
      InferenceEngine loaded, Path gguf, List<String> prompts, int maxTokens, PrintWriter out)
      throws InterruptedException {
    long tokens = 0;
    double decodeSeconds = 0;
    try (InferenceEngine engine = loaded) {
      out.println("smoke: loaded " + gguf + " (" + engine.info().description() + ")");
      boolean chat = !engine.info().chatTemplate().isEmpty();
      for (int i = 0; i < prompts.size(); i++) {
        String prompt = prompts.get(i);
        Prompt rendered =
            chat
                ? engine.renderChat(List.of(new ChatMessage("user", prompt)))
                : Prompt.plain(prompt);
        Reply reply = generate(engine, rendered, maxTokens);
        GenerationResult result = reply.result();
        double seconds = result.timings().decode().toNanos() / 1e9;
        int decoded = Math.max(0, result.completionTokens() - 1);
        tokens += result.completionTokens();
        decodeSeconds += seconds;
        out.printf(
            Locale.ROOT,
            "smoke: prompt %d: %d prompt tokens, %d tokens (%s), %.1f tokens/s%n",
            i + 1,
            result.promptTokens(),
            result.completionTokens(),
            result.finishReason().name().toLowerCase(Locale.ROOT),
            seconds > 0 ? decoded / seconds : 0);
        out.println("  > " + oneLine(prompt));
        out.println("  < " + oneLine(reply.text()));
      }
    }
    double rate = decodeSeconds > 0 ? Math.max(0, tokens - prompts.size()) / decodeSeconds : 0;
    out.printf(
        Locale.ROOT, "smoke: %d prompts, %d tokens, %.1f tokens/s%n", prompts.size(), tokens, rate);
    out.flush();
  }

  private static Reply generate(InferenceEngine engine, Prompt prompt, int maxTokens)
      throws InterruptedException {
    StringBuilder text = new StringBuilder();
    CompletableFuture<GenerationResult> done = new CompletableFuture<>();
    engine.submit(
        GenerationRequest.builder(prompt).maxTokens(maxTokens).build(),
        new GenerationSink() {
          @Override
          public void onDelta(TextDelta delta) {
            text.append(delta.text());
          }

          @Override
          public void onComplete(GenerationResult result) {
            done.complete(result);
          }

          @Override
          public void onError(EngineException error) {
            done.completeExceptionally(error);
          }
        });
    try {
      GenerationResult result = done.get();
      return new Reply(text.toString(), result);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EngineException engineError) {
        throw engineError;
      }
      throw new EngineException("generation failed: " + e.getCause(), e.getCause());
    }
  }

  private static String oneLine(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() > SAMPLE_CHARS ? flat.substring(0, SAMPLE_CHARS) + "…" : flat;
  }

  private record Reply(String text, GenerationResult result) {}
}
