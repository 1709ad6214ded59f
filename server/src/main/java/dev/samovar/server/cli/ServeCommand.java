package dev.samovar.server.cli;

import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.Engines;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.KvCacheType;
import dev.samovar.models.catalog.ModelCatalog;
import dev.samovar.models.catalog.ModelReference;
import dev.samovar.models.inspect.ModelValidator;
import dev.samovar.models.plan.AvailableMemory;
import dev.samovar.models.plan.MemoryPlan;
import dev.samovar.models.store.ModelResolver;
import dev.samovar.models.store.ResolvedModel;
import dev.samovar.server.http.OpenAiServer;
import dev.samovar.server.http.ServedModel;
import dev.samovar.server.http.ServerSettings;
import dev.samovar.server.ops.AccessSettings;
import dev.samovar.server.ops.CacheSettings;
import dev.samovar.server.ops.Drain;
import dev.samovar.server.ops.EngineWatch;
import dev.samovar.server.ops.Operations;
import dev.samovar.server.ops.StoreSettings;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code samovar serve}: resolves the model (downloading a missing catalog model), checks the file
 * and that it fits in memory, opens the port (model routes answer 503 meanwhile), then loads the
 * model and serves it until the process is stopped. A model that cannot be fetched, is invalid,
 * does not fit or fails to load ends the command with exit code 1. SIGTERM or Ctrl-C refuses new
 * generations, lets those in flight finish within {@code --shutdown-grace}, cancels the rest, stops
 * the server, closes the engine and exits with 0. Settings not given as flags come from {@code
 * SAMOVAR_*} variables, then the {@code --config} YAML file ({@link SettingsSource}).
 */
@Command(
    name = "serve",
    description = "Serve a model through an OpenAI-compatible HTTP API.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  private static final int BATCH_SIZE = MemoryCheck.BATCH_SIZE;
  private static final int QUEUE_PER_SEQUENCE = 4;

  /** Request threads beyond one per admitted generation: for health, metrics, the page. */
  private static final int SPARE_REQUEST_THREADS = 64;

  private static final long WEEK_SECONDS = 7 * 24 * 3600;
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);
  private static final Duration ENGINE_WATCH_PERIOD = Duration.ofSeconds(1);

  private final Map<String, String> env;

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "ID|hf://owner/repo/file.gguf|PATH",
      description =
          "The model: a catalog id, served under that id and downloaded when missing (see"
              + " samovar models list; default: the catalog's default, ru-llama3-8b:Q4_K_M; 'tiny'"
              + " is a small built-in test model), a file on the Hugging Face hub, or a local GGUF"
              + " file; the last two are served under their file name without .gguf.")
  private String model;

  @Mixin private ModelStoreOptions storeOptions;

  @Mixin private GpuOptions gpuOptions;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--ctx-size",
      defaultValue = "0",
      paramLabel = "TOKENS",
      description =
          "Context per sequence; 0 means the model's context length, at most "
              + EngineConfig.MAX_DEFAULT_CONTEXT
              + " (default: ${DEFAULT-VALUE}).")
  private int contextSize;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "N",
      description = "Requests that generate at once (default: ${DEFAULT-VALUE}).")
  private int parallel;

  @Option(
      names = "--cache-ram",
      defaultValue = "8192",
      paramLabel = "MiB",
      description =
          "Host RAM for copies of KV-cache states that sequences give up, restored for prompts that"
              + " continue them (llama-server's --cache-ram); -1 no bound, 0 off (default:"
              + " ${DEFAULT-VALUE}).")
  private long cacheRamMiB;

  @Option(
      names = "--queue-size",
      paramLabel = "N",
      description =
          "Generations that may wait for a sequence; more get 429 with Retry-After (default: 4 x"
              + " --parallel).")
  private Integer queueSize;

  @Option(
      names = "--request-timeout",
      defaultValue = "600",
      paramLabel = "SECONDS",
      description =
          "Deadline of a request from its arrival, queueing included: generation stops with"
              + " finish_reason length, or 504 before the first token (default: ${DEFAULT-VALUE}).")
  private long requestTimeout;

  @Option(
      names = "--keep-alive",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "A stream silent this long (queued, reading a long prompt) gets a ': ping' comment"
              + " (default: ${DEFAULT-VALUE}).")
  private long keepAlive;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "CPU threads for decoding; 0 means all cores (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(
      names = "--temperature",
      defaultValue = "0.6",
      paramLabel = "T",
      description =
          "Temperature for requests that set none, in [0, 2] (default: ${DEFAULT-VALUE}).")
  private double temperature;

  @Option(
      names = "--top-p",
      defaultValue = "0.9",
      paramLabel = "P",
      description = "top_p for requests that set none, in (0, 1] (default: ${DEFAULT-VALUE}).")
  private double topP;

  @Option(
      names = "--lora",
      paramLabel = "ADAPTER.gguf[:SCALE]",
      description =
          "A GGUF LoRA adapter applied at run time on top of the model, optionally with a scale"
              + " (default 1); repeatable.")
  private List<String> loras = new ArrayList<>();

  @Option(
      names = "--alias",
      paramLabel = "ID",
      split = ",",
      description = "Another id the model is served under; repeatable.")
  private List<String> aliases = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file of settings, keys named like the options without dashes (port: 8080);"
              + " flags win over SAMOVAR_* environment variables, which win over the file.")
  private String config;

  @Option(
      names = "--api-key",
      split = ",",
      paramLabel = "KEY",
      description =
          "API key that clients send as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY';"
              + " repeatable (env SAMOVAR_API_KEYS, comma-separated). Without keys the API is open.")
  private List<String> apiKeys = new ArrayList<>();

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = "File with one API key per line (blank lines and # comments are skipped).")
  private String apiKeyFile;

  @Option(
      names = "--allow-unauthenticated",
      description =
          "Serve on an address other machines reach (--host other than loopback) without API keys;"
              + " refused otherwise.")
  private boolean allowUnauthenticated;

  @Option(
      names = "--metrics-require-key",
      description = "Require an API key for /metrics too (default: open, like vLLM).")
  private boolean metricsRequireKey;

  @Option(
      names = "--rate-limit",
      defaultValue = "0",
      paramLabel = "PER_MINUTE",
      description =
          "Requests per minute per API key (per client address without keys); beyond: 429 with"
              + " Retry-After; 0 means none (default: ${DEFAULT-VALUE}).")
  private int rateLimit;

  @Option(
      names = "--cors-origin",
      split = ",",
      paramLabel = "ORIGIN",
      description =
          "Origin allowed to call the API from a browser (https://host:port, or * for any);"
              + " repeatable. Default: same-origin only.")
  private List<String> corsOrigins = new ArrayList<>();

  @Option(
      names = "--max-body-size",
      defaultValue = "1048576",
      paramLabel = "BYTES",
      description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
  private long maxBodySize;

  @Option(
      names = "--response-cache-size",
      defaultValue = "0",
      paramLabel = "ENTRIES",
      description =
          "Answers kept for repeated deterministic requests (temperature 0 or a seed); 0 turns"
              + " the cache off; 'Cache-Control: no-cache' bypasses it (default: ${DEFAULT-VALUE}).")
  private long responseCacheSize;

  @Option(
      names = "--response-cache-ttl",
      defaultValue = "600",
      paramLabel = "SECONDS",
      description = "How long a cached answer is kept (default: ${DEFAULT-VALUE}).")
  private long responseCacheTtl;

  @Option(
      names = "--responses-store-size",
      defaultValue = "1000",
      paramLabel = "RESPONSES",
      description =
          "Stored /v1/responses (store: true) kept in memory for GET and previous_response_id;"
              + " the least used go first (default: ${DEFAULT-VALUE}).")
  private long responsesStoreSize;

  @Option(
      names = "--responses-store-dir",
      paramLabel = "DIR",
      description =
          "Also keep every stored response as a JSON file in DIR, across restarts (default: memory"
              + " only).")
  private Path responsesStoreDir;

  @Option(
      names = "--log-format",
      defaultValue = "human",
      paramLabel = "human|json",
      description = "Log lines for people or JSON lines (default: ${DEFAULT-VALUE}).")
  private String logFormat;

  @Option(
      names = "--log-prompts",
      description = "Put request bodies and generated text into the access log (default: off).")
  private boolean logPrompts;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "On SIGTERM, how long generations in flight may finish before they are cancelled"
              + " (default: ${DEFAULT-VALUE}).")
  private long shutdownGrace;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  /** A serve command that reads {@code XDG_CACHE_HOME} from {@code env}. */
  public ServeCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerSettings settings = validate();
    GpuSettings gpu = gpuOptions.settings(spec.commandLine(), env);
    AccessSettings access = access();
    LogFormat.apply(logFormat);
    ResolvedModel file = resolveModel();
    List<EngineConfig.Lora> adapters = adapters();
    ServedModel served = servedModel(file);
    MemoryPlan plan = MemoryCheck.plan(ModelValidator.validate(file.path()), contextSize, parallel);
    MemoryCheck.requireFits(plan, AvailableMemory.probe());
    LOG.info("{} needs {}", file.id(), MemoryCheck.describe(plan));
    Operations ops =
        OpenAiServer.operations(
            served,
            access,
            new CacheSettings(responseCacheSize, Duration.ofSeconds(responseCacheTtl)),
            new StoreSettings(responsesStoreSize, responsesStoreDir));
    Javalin app = OpenAiServer.create(served, settings, ops);
    AtomicReference<InferenceEngine> engine = new AtomicReference<>();
    CountDownLatch serving = new CountDownLatch(1);
    AtomicInteger exitStatus = new AtomicInteger();
    app.start(host, port);
    Duration grace = Duration.ofSeconds(shutdownGrace);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> stop(app, ops.drain(), grace, engine, serving, exitStatus),
                "samovar-shutdown"));
    LOG.info("Listening on http://{}:{}; loading {}", host, app.port(), file.path());
    InferenceEngine loaded;
    try {
      loaded =
          Engines.load(
              new EngineConfig(
                  file.path(),
                  file.id(),
                  contextSize,
                  parallel,
                  threads,
                  BATCH_SIZE,
                  adapters,
                  gpu.withFootprint(MemoryCheck.footprint(plan)),
                  KvCacheType.F16,
                  cacheRamMiB < 0 ? -1 : cacheRamMiB << 20));
    } catch (EngineException e) {
      spec.commandLine()
          .getErr()
          .println("samovar serve: the model failed to load: " + e.getMessage());
      return 1;
    }
    engine.set(loaded);
    BackendInfo backend = loaded.backend();
    served.ready(loaded, backend);
    LOG.info(
        "Serving {} as {} ({} tokens per sequence, {} at once) on {}, {} GPU layers",
        file.path(),
        String.join(", ", served.ids()),
        loaded.info().contextLength(),
        loaded.info().sequences(),
        backend.backend().label(),
        backend.gpuLayers());
    serving.countDown();
    EngineWatch.start(
        loaded,
        ENGINE_WATCH_PERIOD,
        stopped -> {
          LOG.error(
              "{}; exiting with status 1 so that a supervisor replaces the server",
              stopped.getMessage());
          exitStatus.set(1);
          System.exit(1);
        });
    Thread.currentThread().join();
    return 0;
  }

  private ServerSettings validate() {
    if (host.isBlank()) {
      throw invalid("--host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw invalid("--port must be in [0, 65535]: " + port);
    }
    if (contextSize < 0) {
      throw invalid("--ctx-size must be >= 0: " + contextSize);
    }
    if (cacheRamMiB < -1 || cacheRamMiB > 1L << 30) {
      throw invalid(
          "--cache-ram must be -1 (no bound), 0 (off) or a number of MiB: " + cacheRamMiB);
    }
    if (parallel < 1) {
      throw invalid("--parallel must be >= 1: " + parallel);
    }
    if (queueSize != null && queueSize < 0) {
      throw invalid("--queue-size must be >= 0: " + queueSize);
    }
    if (requestTimeout < 1 || requestTimeout > WEEK_SECONDS) {
      throw invalid(
          "--request-timeout must be in [1, " + WEEK_SECONDS + "] seconds: " + requestTimeout);
    }
    if (keepAlive < 1 || keepAlive > WEEK_SECONDS) {
      throw invalid("--keep-alive must be in [1, " + WEEK_SECONDS + "] seconds: " + keepAlive);
    }
    if (threads < 0) {
      throw invalid("--threads must be >= 0: " + threads);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw invalid("--temperature must be in [0, 2]: " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw invalid("--top-p must be in (0, 1]: " + topP);
    }
    for (String alias : aliases) {
      if (alias.isBlank()) {
        throw invalid("--alias must not be empty");
      }
    }
    if (rateLimit < 0) {
      throw invalid("--rate-limit must be >= 0: " + rateLimit);
    }
    if (maxBodySize < 1) {
      throw invalid("--max-body-size must be >= 1: " + maxBodySize);
    }
    if (responsesStoreSize < 0) {
      throw invalid("--responses-store-size must be >= 0: " + responsesStoreSize);
    }
    if (responseCacheSize < 0) {
      throw invalid("--response-cache-size must be >= 0: " + responseCacheSize);
    }
    if (responseCacheTtl < 1 || responseCacheTtl > WEEK_SECONDS) {
      throw invalid(
          "--response-cache-ttl must be in [1, " + WEEK_SECONDS + "] seconds: " + responseCacheTtl);
    }
    if (!logFormat.equals("human") && !logFormat.equals("json")) {
      throw invalid("--log-format must be human or json: " + logFormat);
    }
    if (shutdownGrace < 0 || shutdownGrace > WEEK_SECONDS) {
      throw invalid(
          "--shutdown-grace must be in [0, " + WEEK_SECONDS + "] seconds: " + shutdownGrace);
    }
    for (String origin : corsOrigins) {
      if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
        throw invalid("--cors-origin must be * or scheme://host[:port]: " + origin);
      }
    }
    int queue = queueSize != null ? queueSize : QUEUE_PER_SEQUENCE * parallel;
    return new ServerSettings(
        temperature,
        topP,
        Duration.ofSeconds(keepAlive),
        Duration.ofSeconds(requestTimeout),
        queue,
        parallel + queue + SPARE_REQUEST_THREADS);
  }

  private AccessSettings access() {
    List<String> keys = new ArrayList<>();
    for (String key : apiKeys) {
      if (key.isBlank()) {
        throw invalid("--api-key must not be empty");
      }
      keys.add(key.strip());
    }
    if (apiKeyFile != null) {
      try {
        for (String line : Files.readAllLines(Path.of(apiKeyFile))) {
          if (!line.isBlank() && !line.strip().startsWith("#")) {
            keys.add(line.strip());
          }
        }
      } catch (IOException e) {
        throw invalid("--api-key-file cannot be read: " + e);
      }
      if (keys.isEmpty()) {
        throw invalid("--api-key-file has no key: " + apiKeyFile);
      }
    }
    if (keys.isEmpty() && !allowUnauthenticated && !loopback(host)) {
      throw invalid(
          "--host "
              + host
              + " is reachable from other machines and no API key is set: give keys (--api-key,"
              + " --api-key-file, SAMOVAR_API_KEYS) or serve openly with --allow-unauthenticated"
              + " (SAMOVAR_ALLOW_UNAUTHENTICATED=1)");
    }
    return new AccessSettings(
        keys, metricsRequireKey, corsOrigins, maxBodySize, rateLimit, logPrompts);
  }

  /** Whether {@code host} is a loopback address (a name that does not resolve is not). */
  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The --lora values as adapters: a readable file, then an optional ":SCALE". */
  private List<EngineConfig.Lora> adapters() {
    List<EngineConfig.Lora> adapters = new ArrayList<>();
    for (String value : loras) {
      String path = value;
      float scale = 1;
      int colon = value.lastIndexOf(':');
      if (colon > 0) {
        try {
          scale = Float.parseFloat(value.substring(colon + 1));
          path = value.substring(0, colon);
        } catch (NumberFormatException e) {
          // no scale: the colon is part of the file name
        }
      }
      Path file = Path.of(path);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw invalid("--lora: no readable adapter file at " + file.toAbsolutePath());
      }
      if (!Float.isFinite(scale)) {
        throw invalid("--lora: the scale of " + path + " must be a finite number: " + scale);
      }
      adapters.add(new EngineConfig.Lora(file, scale));
    }
    return adapters;
  }

  private ResolvedModel resolveModel() {
    ModelCatalog catalog = ModelCatalog.builtIn();
    ModelReference reference;
    try {
      reference =
          model == null
              ? new ModelReference.Catalog(catalog.defaultEntry())
              : catalog.reference(model);
    } catch (IllegalArgumentException e) {
      throw invalid("--model: " + e.getMessage());
    }
    ModelResolver resolver = storeOptions.resolver(env, spec.commandLine().getErr());
    try {
      return resolver.resolve(reference);
    } catch (IllegalArgumentException e) {
      throw invalid("--model: " + e.getMessage());
    }
  }

  private ServedModel servedModel(ResolvedModel file) {
    try {
      return new ServedModel(file.id(), aliases);
    } catch (IllegalArgumentException e) {
      throw invalid("--alias: " + e.getMessage());
    }
  }

  private ParameterException invalid(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * The SIGTERM path once the model serves: refuse new generations, let those in flight finish
   * within the grace period, cancel the rest, stop the server, free the engine and end the process
   * with {@code exitStatus} (0, or 1 after the engine stopped on an error). Before the model serves
   * (a failed start exits with its own code) it only stops.
   */
  private static void stop(
      Javalin app,
      Drain drain,
      Duration grace,
      AtomicReference<InferenceEngine> engine,
      CountDownLatch serving,
      AtomicInteger exitStatus) {
    boolean graceful = serving.getCount() == 0;
    LOG.info("Stopping; {} requests in flight", drain.running());
    try {
      if (graceful && !drain.drain(grace)) {
        LOG.info("Grace period over; cancelling {} requests", drain.running());
        drain.cancelAll(CANCEL_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.stop();
    InferenceEngine loaded = engine.get();
    if (loaded != null) {
      loaded.close();
    }
    if (graceful) {
      LOG.info("Stopped");
      Runtime.getRuntime().halt(exitStatus.get());
    }
  }
}
