package dev.samovar.server.http;

import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.engine.Prompt;
import dev.samovar.server.api.CompletionFormat;
import dev.samovar.server.api.GenerationParams;
import dev.samovar.server.api.Json;
import dev.samovar.server.error.InvalidRequestException;
import dev.samovar.server.ops.Drain;
import dev.samovar.server.ops.RequestStats;
import dev.samovar.server.ops.ServerMetrics;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What chat and text completions share after parsing: one engine request per choice (choice i
 * samples with seed + i), admission, submission, and the answer as JSON or as an event stream. The
 * run is registered with the drain for a graceful shutdown and reports to the metrics and to the
 * request's stats.
 */
final class CompletionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CompletionRunner.class);

  /** The response header that says whether the answer came from the response cache. */
  static final String CACHE_HEADER = "X-Samovar-Cache";

  private final ServerSettings settings;
  private final Admission admission;
  private final ServerMetrics metrics;
  private final Drain drain;
  private final ResponseCache cache;

  CompletionRunner(
      ServerSettings settings,
      Admission admission,
      ServerMetrics metrics,
      Drain drain,
      ResponseCache cache) {
    this.settings = settings;
    this.admission = admission;
    this.metrics = metrics;
    this.drain = drain;
    this.cache = cache;
  }

  /**
   * A validated completion to run.
   *
   * @param id the response id; engine requests are named after it
   * @param startNanos when the request arrived ({@link System#nanoTime()})
   * @param prompt the prompt
   * @param params the shared request fields
   * @param topLogprobs null, or alternatives per token
   * @param schema null, or the schema the output is held to
   * @param promptParam the request field that holds the prompt, for errors
   */
  record Job(
      String id,
      long startNanos,
      Prompt prompt,
      GenerationParams params,
      Integer topLogprobs,
      OutputSchema schema,
      String promptParam) {}

  /** Runs the job and answers on {@code ctx}. */
  void run(Context ctx, InferenceEngine engine, Job job, CompletionFormat format)
      throws InterruptedException, IOException {
    List<GenerationRequest> choices = requests(job);
    RequestStats stats = ctx.attribute(RequestStats.ATTRIBUTE);
    if (stats.keepsText()) {
      stats.prompt(ctx.body());
    }
    GenerationRun.Observers observers = new GenerationRun.Observers(metrics, stats);
    Optional<ResponseCache.Key> key =
        cache.key(ctx.endpoints().matchedHttpEndpoint().path, job.params().model(), choices);
    boolean lookUp = !"no-cache".equalsIgnoreCase(ctx.header("Cache-Control"));
    Optional<List<GenerationRun.Event>> cached =
        key.isPresent() && lookUp ? cache.get(key.get()) : Optional.empty();
    if (key.isPresent()) {
      metrics.responseCache(cached.isPresent());
      ctx.header(CACHE_HEADER, cached.isPresent() ? "hit" : "miss");
    }
    GenerationRun run;
    if (cached.isPresent()) {
      run =
          GenerationRun.replay(
              cached.get(), choices.size(), observers, job.startNanos(), settings.requestTimeout());
    } else {
      run = submit(engine, job, choices, observers, key);
    }
    Runnable cancel = run::cancel;
    drain.enter(cancel);
    try {
      ClientConnection client = ClientConnection.of(ctx.req(), ctx.res());
      if (job.params().stream()) {
        new SseResponse(run, format, settings.keepAlive(), client).writeTo(ctx.res());
      } else {
        // Written and completed here, not after the handler returns, so that a graceful
        // shutdown, which waits for handlers, never cuts the answer.
        byte[] body = Json.MAPPER.writeValueAsBytes(JsonResponse.collect(run, format, client));
        ctx.contentType(ContentType.APPLICATION_JSON);
        try (OutputStream out = ctx.res().getOutputStream()) {
          out.write(body);
        }
      }
    } catch (JsonResponse.ClientLeftException e) {
      LOG.info("Client left before the answer; its generation was cancelled");
    } catch (InterruptedException e) {
      run.cancel();
      throw e;
    } finally {
      drain.leave(cancel);
    }
  }

  private GenerationRun submit(
      InferenceEngine engine,
      Job job,
      List<GenerationRequest> choices,
      GenerationRun.Observers observers,
      Optional<ResponseCache.Key> key) {
    drain.requireAccepting();
    admission.acquire(choices.size(), engine.info().sequences());
    try {
      return GenerationRun.submit(
          engine,
          choices,
          admission,
          observers,
          job.startNanos(),
          settings.requestTimeout(),
          key.<Consumer<List<GenerationRun.Event>>>map(k -> events -> cache.put(k, events))
              .orElse(null));
    } catch (ContextLengthExceededException e) {
      throw new InvalidRequestException(
          e.getMessage(), job.promptParam(), "context_length_exceeded");
    } catch (InvalidGenerationRequestException e) {
      if (job.schema() != null && e.field().equals("jsonSchema")) {
        throw new InvalidRequestException(e.getMessage(), job.schema().param());
      }
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
              .jsonSchema(job.schema() == null ? null : job.schema().schema())
              .textAllowed(job.schema() != null && job.schema().textAllowed())
              .build());
    }
    return requests;
  }
}
