package dev.samovar.server.http;

import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.server.api.CompletionFormat;
import dev.samovar.server.api.GenerationParams;
import dev.samovar.server.error.InvalidRequestException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * What chat and text completions share after parsing: one engine request per choice (choice i
 * samples with seed + i), admission, submission, and the answer as JSON or as an event stream.
 */
final class CompletionRunner {
  private final ServerSettings settings;
  private final Admission admission;

  CompletionRunner(ServerSettings settings, Admission admission) {
    this.settings = settings;
    this.admission = admission;
  }

  /**
   * A validated completion to run.
   *
   * @param id the response id; engine requests are named after it
   * @param startNanos when the request arrived ({@link System#nanoTime()})
   * @param prompt the prompt
   * @param params the shared request fields
   * @param topLogprobs null, or alternatives per token
   * @param jsonSchema null, or the schema the output must satisfy
   * @param promptParam the request field that holds the prompt, for errors
   */
  record Job(
      String id,
      long startNanos,
      Prompt prompt,
      GenerationParams params,
      Integer topLogprobs,
      String jsonSchema,
      String promptParam) {}

  /** Runs the job and answers on {@code ctx}. */
  void run(Context ctx, InferenceEngine engine, Job job, CompletionFormat format)
      throws InterruptedException {
    List<GenerationRequest> choices = requests(job);
    admission.acquire(choices.size(), engine.info().sequences());
    GenerationRun run;
    try {
      run =
          GenerationRun.submit(
              engine, choices, admission, job.startNanos(), settings.requestTimeout());
    } catch (ContextLengthExceededException e) {
      throw new InvalidRequestException(
          e.getMessage(), job.promptParam(), "context_length_exceeded");
    }
    try {
      if (job.params().stream()) {
        new SseResponse(run, format, settings.keepAlive()).writeTo(ctx.res());
      } else {
        ctx.json(JsonResponse.collect(run, format));
      }
    } catch (InterruptedException e) {
      run.cancel();
      throw e;
    }
  }

  private List<GenerationRequest> requests(Job job) {
    GenerationParams params = job.params();
    List<GenerationRequest> requests = new ArrayList<>(params.n());
    for (int i = 0; i < params.n(); i++) {
      requests.add(
          GenerationRequest.builder(job.prompt())
              .id(params.n() == 1 ? job.id() : job.id() + "-" + i)
              .sampling(settings.sampling(params.sampling(), i))
              .maxTokens(params.maxTokens())
              .stop(params.stop())
              .ignoreEos(params.ignoreEos())
              .topLogprobs(job.topLogprobs())
              .jsonSchema(job.jsonSchema())
              .build());
    }
    return requests;
  }
}
