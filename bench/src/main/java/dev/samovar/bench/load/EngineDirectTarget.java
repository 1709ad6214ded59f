package dev.samovar.bench.load;

import dev.samovar.client.Message;
import dev.samovar.engine.Backend;
import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.Engines;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.GpuLayers;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.KvCacheType;
import dev.samovar.engine.NoGpuException;
import dev.samovar.engine.SamplingParams;
import dev.samovar.engine.SplitMode;
import dev.samovar.engine.TextDelta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
  private static final int BATCH_SIZE = 512;

  /**
   * How to load the model.
   *
   * @param model the GGUF file
   * @param contextSize tokens per sequence (0: the model's own, at most 8192)
   * @param parallel sequences that generate at once
   * @param threads CPU threads (0: all)
   * @param backend auto, cpu or cuda
   * @param cudaLibrary the folder of the CUDA build of the native library
   * @param gpuLayers all or a count of layers to offload; empty: all when a GPU is in use, else
   *     none
   * @param flashAttention whether to use flash attention
   */
  public record Settings(
      Path model,
      int contextSize,
      int parallel,
      int threads,
      String backend,
      Path cudaLibrary,
      Optional<String> gpuLayers,
      boolean flashAttention) {
    public Settings {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(cudaLibrary, "cudaLibrary");
      Objects.requireNonNull(gpuLayers, "gpuLayers");
    }
  }

  private final InferenceEngine engine;
  private final Path model;
  private final Duration timeout;

  private EngineDirectTarget(InferenceEngine engine, Path model, Duration timeout) {
    this.engine = engine;
    this.model = model;
    this.timeout = timeout;
  }

  /**
   * Loads the model.
   *
   * @throws IllegalArgumentException for a setting that does not parse
   * @throws EngineException when the model cannot be loaded
   */
  public static EngineDirectTarget load(Settings settings, Duration timeout) {
    Backend backend = Backend.parse(settings.backend());
    if (backend == Backend.CPU) {
      return load(settings, backend, new GpuLayers.Count(0), timeout);
    }
    if (settings.gpuLayers().isPresent()) {
      GpuLayers layers = GpuLayers.parse(settings.gpuLayers().get());
      if (layers instanceof GpuLayers.Auto) {
        throw new IllegalArgumentException(
            "GPU layers 'auto' needs the model's memory footprint, which only samovar serve"
                + " measures: give all or a count");
      }
      return load(settings, backend, layers, timeout);
    }
    try {
      return load(settings, backend, new GpuLayers.All(), timeout);
    } catch (NoGpuException e) {
      if (backend == Backend.AUTO) {
        return load(settings, backend, new GpuLayers.Count(0), timeout);
      }
      throw e;
    }
  }

  private static EngineDirectTarget load(
      Settings settings, Backend backend, GpuLayers layers, Duration timeout) {
    GpuSettings gpu =
        new GpuSettings(
            backend,
            settings.cudaLibrary(),
            layers,
            SplitMode.LAYER,
            List.of(),
            0,
            settings.flashAttention(),
            null);
    String id = settings.model().getFileName().toString().replaceFirst("(?i)\\.gguf$", "");
    EngineConfig config =
        new EngineConfig(
            settings.model(),
            id,
            settings.contextSize(),
            settings.parallel(),
            settings.threads(),
            BATCH_SIZE,
            List.of(),
            gpu,
            KvCacheType.F16,
            0);
    return new EngineDirectTarget(Engines.load(config), settings.model(), timeout);
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
