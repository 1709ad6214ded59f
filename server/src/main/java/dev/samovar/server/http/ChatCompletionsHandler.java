package dev.samovar.server.http;

import dev.samovar.engine.InferenceEngine;
import dev.samovar.server.api.ChatCompletionFormat;
import dev.samovar.server.api.ChatRequest;
import dev.samovar.server.api.ChatRequestParser;
import dev.samovar.server.api.GenerationParams;
import dev.samovar.server.api.Ids;
import dev.samovar.server.api.tools.ToolPrompt;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.time.Instant;

/**
 * {@code POST /v1/chat/completions}: validates the request, renders the prompt with the model's
 * chat template and runs it.
 */
final class ChatCompletionsHandler implements Handler {
  private final ServedModel model;
  private final CompletionRunner runner;

  ChatCompletionsHandler(ServedModel model, CompletionRunner runner) {
    this.model = model;
    this.runner = runner;
  }

  @Override
  public void handle(Context ctx) throws InterruptedException, IOException {
    long start = System.nanoTime();
    InferenceEngine engine = model.engine();
    ChatRequest request = ChatRequestParser.parse(ctx.bodyAsBytes());
    GenerationParams params = request.params();
    model.requireServed(params.model());
    String id = Ids.random("chatcmpl-");
    OutputSchema schema =
        OutputSchema.of(engine, request.tools(), request.jsonSchema(), "response_format");
    ChatCompletionFormat format =
        new ChatCompletionFormat(
            id,
            Instant.now().getEpochSecond(),
            params.model(),
            params.includeUsage(),
            request.topLogprobs() != null,
            request.tools());
    runner.run(
        ctx,
        engine,
        new CompletionRunner.Job(
            id,
            start,
            engine.renderChat(ToolPrompt.withTools(request.messages(), request.tools())),
            params,
            request.topLogprobs(),
            schema,
            "messages"),
        format);
  }
}
