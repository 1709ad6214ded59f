package dev.samovar.server.http;

import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.server.api.Ids;
import dev.samovar.server.api.MessagesFormat;
import dev.samovar.server.api.MessagesRequest;
import dev.samovar.server.api.MessagesRequestParser;
import dev.samovar.server.api.tools.ToolPrompt;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/**
 * Anthropic's {@code POST /v1/messages} (through the same generation path as chat completions) and
 * {@code POST /v1/messages/count_tokens}.
 */
final class MessagesHandler {
  private final ServedModel model;
  private final CompletionRunner runner;

  MessagesHandler(ServedModel model, CompletionRunner runner) {
    this.model = model;
    this.runner = runner;
  }

  void create(Context ctx) throws InterruptedException, IOException {
    long start = System.nanoTime();
    InferenceEngine engine = model.engine();
    MessagesRequest request = MessagesRequestParser.parse(ctx.bodyAsBytes());
    model.requireServed(request.params().model());
    Prompt prompt = prompt(engine, request);
    String id = Ids.random("msg_");
    runner.run(
        ctx,
        engine,
        new CompletionRunner.Job(
            id,
            start,
            prompt,
            request.params(),
            null,
            OutputSchema.of(engine, request.tools(), null, null),
            "messages"),
        new MessagesFormat(id, request.params().model(), tokens(engine, prompt), request.tools()));
  }

  void countTokens(Context ctx) {
    InferenceEngine engine = model.engine();
    MessagesRequest request = MessagesRequestParser.parseForCounting(ctx.bodyAsBytes());
    model.requireServed(request.params().model());
    ctx.json(Map.of("input_tokens", tokens(engine, prompt(engine, request))));
  }

  private static Prompt prompt(InferenceEngine engine, MessagesRequest request) {
    return engine.renderChat(ToolPrompt.withTools(request.messages(), request.tools()));
  }

  /** The tokens the engine will feed for {@code prompt}. */
  private static int tokens(InferenceEngine engine, Prompt prompt) {
    int count = 0;
    for (Prompt.Segment segment : prompt.segments()) {
      count +=
          switch (segment) {
            case Prompt.Text text -> engine.tokenize(text.text(), false, text.special()).length;
            case Prompt.Tokens tokens -> tokens.ids().length;
          };
    }
    return count;
  }
}
