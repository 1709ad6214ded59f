package dev.samovar.server.http;

import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.server.api.CompletionRequest;
import dev.samovar.server.api.CompletionRequestParser;
import dev.samovar.server.api.GenerationParams;
import dev.samovar.server.api.Ids;
import dev.samovar.server.api.TextCompletionFormat;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.time.Instant;

/**
 * {@code POST /v1/completions}: the legacy text completion. A text prompt is tokenized like
 * llama-server does it (BOS added, control-token text parsed); token ids are fed as they are.
 */
final class CompletionsHandler implements Handler {
  private final ServedModel model;
  private final CompletionRunner runner;

  CompletionsHandler(ServedModel model, CompletionRunner runner) {
    this.model = model;
    this.runner = runner;
  }

  @Override
  public void handle(Context ctx) throws InterruptedException, IOException {
    long start = System.nanoTime();
    InferenceEngine engine = model.engine();
    CompletionRequest request =
        CompletionRequestParser.parse(ctx.bodyAsBytes(), engine.info().vocabSize());
    GenerationParams params = request.params();
    model.requireServed(params.model());
    int[] tokens =
        switch (request.prompt()) {
          case CompletionRequest.Text text -> engine.tokenize(text.text(), true, true);
          case CompletionRequest.Tokens ids -> ids.ids();
        };
    String id = Ids.random("cmpl-");
    TextCompletionFormat format =
        new TextCompletionFormat(
            id,
            Instant.now().getEpochSecond(),
            params.model(),
            params.includeUsage(),
            request.logprobs() != null);
    runner.run(
        ctx,
        engine,
        new CompletionRunner.Job(
            id, start, Prompt.tokens(tokens), params, request.logprobs(), null, "prompt"),
        format);
  }
}
