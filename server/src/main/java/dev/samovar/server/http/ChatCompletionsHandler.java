package dev.samovar.server.http;

import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.server.api.ChatCompletion;
import dev.samovar.server.api.ChatCompletionChunks;
import dev.samovar.server.api.ChatRequest;
import dev.samovar.server.api.ChatRequestParser;
import dev.samovar.server.api.FinishReasons;
import dev.samovar.server.api.Usage;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /v1/chat/completions}: validates the request, renders the prompt with the model's
 * chat template, submits it and answers with one JSON body or a server-sent event stream.
 */
final class ChatCompletionsHandler implements Handler {
  private final ServedModel model;
  private final ServerSettings settings;

  ChatCompletionsHandler(ServedModel model, ServerSettings settings) {
    this.model = model;
    this.settings = settings;
  }

  @Override
  public void handle(Context ctx) throws InterruptedException {
    InferenceEngine engine = model.engine();
    ChatRequest request = ChatRequestParser.parse(ctx.bodyAsBytes());
    model.requireServed(request.model());
    GenerationRequest generation =
        new GenerationRequest(
            engine.renderChat(request.messages()),
            settings.sampling(request),
            request.maxTokens(),
            request.stop());
    GenerationEvents events = new GenerationEvents();
    GenerationHandle handle = engine.submit(generation, events);
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = Instant.now().getEpochSecond();
    try {
      if (request.stream()) {
        ChatCompletionChunks chunks =
            new ChatCompletionChunks(id, created, request.model(), request.includeUsage());
        new SseStream(events, handle, chunks, settings.keepAlive()).writeTo(ctx.res());
      } else {
        ctx.json(collect(events, id, created, request.model()));
      }
    } catch (InterruptedException e) {
      handle.cancel();
      throw e;
    }
  }

  private static ChatCompletion collect(
      GenerationEvents events, String id, long created, String model) throws InterruptedException {
    StringBuilder content = new StringBuilder();
    while (true) {
      switch (events.take()) {
        case GenerationEvents.Text text -> content.append(text.text());
        case GenerationEvents.Completed completed -> {
          return ChatCompletion.of(
              id,
              created,
              model,
              content.toString(),
              FinishReasons.wire(completed.result().finishReason()),
              Usage.of(completed.result()));
        }
        case GenerationEvents.Failed failed -> throw failed.error();
      }
    }
  }
}
