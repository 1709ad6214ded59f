package dev.samovar.server.ops;

import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The server's Prometheus metrics (prefix {@code samovar_}, named after vLLM's): requests by route
 * and status, tokens, finished generations by reason, latency and length histograms, the engine's
 * running and waiting generations and KV-cache use, prefix-cache queries and hits, and JVM metrics.
 * Labels hold route templates, statuses, the model id and finish reasons only.
 */
public final class ServerMetrics {
  /** The text format's content type. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private static final double[] LATENCY_BOUNDS = {
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320, 640
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final String model;
  private final Counter requests;
  private final Counter promptTokens;
  private final Counter generationTokens;
  private final Counter finished;
  private final Counter prefixQueries;
  private final Counter prefixHits;
  private final Counter responseCacheHits;
  private final Counter responseCacheMisses;
  private final Histogram timeToFirstToken;
  private final Histogram interTokenLatency;
  private final Histogram endToEnd;
  private final Histogram queueTime;
  private final Histogram promptLength;
  private final Histogram generationLength;

  /**
   * Metrics for the model {@code model}; the engine gauges read {@code engine} and the backend
   * gauges {@code backend}, which return null while the model loads (the backend also when it is
   * not known).
   */
  public ServerMetrics(
      String model, Supplier<InferenceEngine> engine, Supplier<BackendInfo> backend) {
    this.model = model;
    requests =
        Counter.builder()
            .name("samovar_requests")
            .help("HTTP requests by route template and status.")
            .withoutExemplars()
            .labelNames("route", "status")
            .register(registry);
    promptTokens = modelCounter("samovar_prompt_tokens", "Prompt tokens processed.");
    generationTokens = modelCounter("samovar_generation_tokens", "Tokens generated.");
    finished =
        Counter.builder()
            .name("samovar_requests_finished")
            .help("Finished generations by reason: stop, length, cancelled, timeout, error.")
            .withoutExemplars()
            .labelNames("model", "reason")
            .register(registry);
    prefixQueries =
        modelCounter("samovar_prefix_cache_queries", "Prompt tokens looked up in the KV cache.");
    prefixHits =
        modelCounter("samovar_prefix_cache_hits", "Prompt tokens reused from the KV cache.");
    responseCacheHits =
        modelCounter("samovar_response_cache_hits", "Answers served from the response cache.");
    responseCacheMisses =
        modelCounter(
            "samovar_response_cache_misses", "Cacheable requests the response cache lacked.");
    timeToFirstToken =
        seconds("samovar_time_to_first_token_seconds", "From arrival to the first text.");
    interTokenLatency =
        seconds("samovar_inter_token_latency_seconds", "Between successive text deltas.");
    endToEnd = seconds("samovar_e2e_request_latency_seconds", "From arrival to the last token.");
    queueTime = seconds("samovar_request_queue_time_seconds", "Waiting for a sequence.");
    promptLength = tokens("samovar_request_prompt_tokens", "Prompt length per generation.");
    generationLength =
        tokens("samovar_request_generation_tokens", "Generated tokens per generation.");
    GaugeWithCallback.builder()
        .name("samovar_num_requests_running")
        .help("Generations holding a sequence.")
        .labelNames("model")
        .callback(
            callback -> {
              InferenceEngine loaded = engine.get();
              if (loaded != null) {
                long busy =
                    loaded.status().slots().stream()
                        .filter(slot -> slot.state() != EngineStatus.State.IDLE)
                        .count();
                callback.call(busy, model);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("samovar_num_requests_waiting")
        .help("Generations waiting for a sequence.")
        .labelNames("model")
        .callback(
            callback -> {
              InferenceEngine loaded = engine.get();
              if (loaded != null) {
                callback.call(loaded.status().queued(), model);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("samovar_kv_cache_usage_perc")
        .help("Share of the KV cache's cells holding tokens, 0 to 1.")
        .labelNames("model")
        .callback(
            callback -> {
              InferenceEngine loaded = engine.get();
              if (loaded != null) {
                long cells = (long) loaded.info().contextLength() * loaded.info().sequences();
                long used =
                    loaded.status().slots().stream()
                        .mapToLong(EngineStatus.Slot::cachedTokens)
                        .sum();
                callback.call(cells == 0 ? 0 : (double) used / cells, model);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("samovar_engine_up")
        .help("1 while the engine runs, 0 once its thread stopped on an error (/ready says why).")
        .labelNames("model")
        .callback(
            callback -> {
              InferenceEngine loaded = engine.get();
              if (loaded != null) {
                callback.call(loaded.failure().isPresent() ? 0 : 1, model);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("samovar_host_cache_bytes")
        .help("Host RAM taken by the copies of KV-cache states of the prompt cache (--cache-ram).")
        .labelNames("model")
        .callback(
            callback -> {
              InferenceEngine loaded = engine.get();
              if (loaded != null) {
                callback.call(loaded.status().hostCache().bytes(), model);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("samovar_backend_info")
        .help("The native library the model runs on (cpu or cuda) and the GPUs it sees; always 1.")
        .labelNames("model", "backend", "devices")
        .callback(
            callback -> {
              BackendInfo info = backend.get();
              if (info != null) {
                String devices =
                    info.devices().stream()
                        .map(device -> device.name() + " " + device.description())
                        .collect(Collectors.joining(", "));
                callback.call(1, model, info.backend().label(), devices);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("samovar_gpu_layers")
        .help("Layers offloaded to GPUs (the model's layer count plus one means all).")
        .labelNames("model")
        .callback(
            callback -> {
              BackendInfo info = backend.get();
              if (info != null) {
                callback.call(info.gpuLayers(), model);
              }
            })
        .register(registry);
    JvmMetrics.builder().register(registry);
  }

  /** Counts one answered HTTP request. */
  public void request(String route, int status) {
    requests.labelValues(route, String.valueOf(status)).inc();
  }

  /** Counts a cacheable request: served from the response cache or not. */
  public void responseCache(boolean hit) {
    (hit ? responseCacheHits : responseCacheMisses).labelValues(model).inc();
  }

  /** Records the first text of a generation, {@code sinceArrival} after its request came. */
  public void firstToken(Duration sinceArrival) {
    timeToFirstToken.labelValues(model).observe(seconds(sinceArrival));
  }

  /** Records the gap between two text deltas of one generation. */
  public void interToken(Duration gap) {
    interTokenLatency.labelValues(model).observe(seconds(gap));
  }

  /**
   * Records a finished generation.
   *
   * @param reason stop, length, cancelled, timeout or error
   * @param result its counts and timings, or null when it failed
   * @param sinceArrival from its request's arrival until now
   */
  public void finished(String reason, GenerationResult result, Duration sinceArrival) {
    finished.labelValues(model, reason).inc();
    endToEnd.labelValues(model).observe(seconds(sinceArrival));
    if (result == null) {
      return;
    }
    promptTokens.labelValues(model).inc(result.promptTokens());
    generationTokens.labelValues(model).inc(result.completionTokens());
    prefixQueries.labelValues(model).inc(result.promptTokens());
    prefixHits.labelValues(model).inc(result.cachedPromptTokens());
    queueTime.labelValues(model).observe(seconds(result.timings().queue()));
    promptLength.labelValues(model).observe(result.promptTokens());
    generationLength.labelValues(model).observe(result.completionTokens());
  }

  /** Writes every metric in the Prometheus text format. */
  public void writeTo(OutputStream out) throws IOException {
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
  }

  private Counter modelCounter(String name, String help) {
    return Counter.builder()
        .name(name)
        .help(help)
        .withoutExemplars()
        .labelNames("model")
        .register(registry);
  }

  private Histogram seconds(String name, String help) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .classicOnly()
        .classicUpperBounds(LATENCY_BOUNDS)
        .withoutExemplars()
        .labelNames("model")
        .register(registry);
  }

  private Histogram tokens(String name, String help) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .classicOnly()
        .classicExponentialUpperBounds(1, 2, 17)
        .withoutExemplars()
        .labelNames("model")
        .register(registry);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
