package dev.samovar.bench.load;

import dev.samovar.client.Message;
import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.SamplingParams;
import dev.samovar.engine.TextDelta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workload through the in-process engine, without HTTP: the physical limit for the server's
 * overhead. Each chat is rendered with the model's own template; each text delta is timestamped as
 * it arrives on the engine's thread. The only class of bench that uses the engine.
 */
public final class EngineDirectTarget implements Target {
  private final InferenceEngine engine;
  private final Path model;
  private final Duration timeout;

  /**
   * The workload through {@code engine}, which runs {@code model}.
   *
   * @param timeout how long one request may take
   */
  public EngineDirectTarget(InferenceEngine engine, Path model, Duration timeout) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.model = Objects.requireNonNull(model, "model");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public String location() {
    return model.toString();
  }

  @Override
  public String model() {
    return engine.info().id();
  }

  /** The engine's description of where it runs, for the report. */
  public String describe() {
    return engine.info().description()
        + ", "
        + engine.info().contextLength()
        + " tokens per sequence, "
        + engine.info().sequences()
        + " sequences";
  }

  @Override
  public Outcome send(LoadRequest request) throws InterruptedException {
    long sent = System.nanoTime();
    List<ChatMessage> chat =
        request.messages().stream()
            .map((Message message) -> new ChatMessage(message.role(), message.content()))
            .toList();
    GenerationRequest generation =
        GenerationRequest.builder(engine.renderChat(chat))
            .sampling(SamplingParams.of(request.temperature(), 1.0, null))
            .maxTokens(request.maxTokens())
            .ignoreEos(request.ignoreEos())
            .build();
    Timeline timeline = new Timeline();
    GenerationHandle handle;
    try {
      handle = engine.submit(generation, timeline);
    } catch (ContextLengthExceededException e) {
      return new Outcome.Failed("context length exceeded", e.getMessage());
    } catch (EngineException e) {
      return new Outcome.Failed(
          "engine error", "the engine refused the request: " + e.getMessage());
    }
    GenerationResult result;
    try {
      result = timeline.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      handle.cancel();
      return new Outcome.Failed(
          "timeout", "the engine did not finish the request within " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      return new Outcome.Failed("engine error", "the generation failed: " + why);
    } catch (InterruptedException e) {
      handle.cancel();
      throw e;
    }
    return timeline.outcome(sent, result);
  }

  /** Collects one generation's delta arrival times; called on the engine's thread. */
  private static final class Timeline implements GenerationSink {
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private long[] contentNanos = new long[64];
    private int contentDeltas;
    private long endNanos;

    @Override
    public void onDelta(TextDelta delta) {
      if (!delta.text().isEmpty()) {
        if (contentDeltas == contentNanos.length) {
          contentNanos = Arrays.copyOf(contentNanos, contentDeltas * 2);
        }
        contentNanos[contentDeltas++] = System.nanoTime();
      }
    }

    @Override
    public void onComplete(GenerationResult completed) {
      endNanos = System.nanoTime();
      result.complete(completed);
    }

    @Override
    public void onError(EngineException error) {
      result.completeExceptionally(error);
    }

    /** Read after {@link #result} completed, which publishes the fields written before. */
    Outcome outcome(long sent, GenerationResult completed) {
      if (completed.finishReason() == FinishReason.CANCELLED) {
        return new Outcome.Failed("cancelled", "the engine cancelled the generation");
      }
      if (contentDeltas == 0 || completed.completionTokens() < 1) {
        return new Outcome.Failed("no content", "the generation produced no text");
      }
      return new Outcome.Completed(
          sent,
          Arrays.copyOf(contentNanos, contentDeltas),
          endNanos,
          OptionalInt.of(completed.promptTokens()),
          completed.completionTokens(),
          true);
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
