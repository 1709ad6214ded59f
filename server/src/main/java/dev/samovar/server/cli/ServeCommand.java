package dev.samovar.server.cli;

import dev.samovar.cli.EngineOptions;
import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.EngineSettings;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidSettingException;
import dev.samovar.models.catalog.ModelCatalog;
import dev.samovar.models.catalog.ModelReference;
import dev.samovar.models.inspect.ModelValidator;
import dev.samovar.models.plan.AvailableMemory;
import dev.samovar.models.plan.MemoryPlan;
import dev.samovar.models.store.ResolvedModel;
import dev.samovar.server.http.OpenAiServer;
import dev.samovar.server.http.ServedModel;
import dev.samovar.server.http.ServerSettings;
import dev.samovar.server.ops.AccessSettings;
import dev.samovar.server.ops.CacheSettings;
import dev.samovar.server.ops.EngineWatch;
import dev.samovar.server.ops.Operations;
import dev.samovar.server.ops.StoreSettings;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samovar serve}: resolves the model (downloading a missing catalog model), checks the file
 * and that it fits in memory, opens the port (model routes answer 503 meanwhile), then loads the
 * model and serves it until the process is stopped. A model that cannot be fetched, is invalid,
 * does not fit or fails to load ends the command with exit code 1. SIGTERM or Ctrl-C refuses new
 * generations, lets those in flight finish within {@code --shutdown-grace}, cancels the rest, stops
 * the server, closes the engine and exits with 0. Settings not given as flags come from {@code
 * SAMOVAR_*} variables, then the {@code --config} YAML file, as for every command.
 */
@Command(
    name = "serve",
    description = "Serve a model through an OpenAI-compatible HTTP API.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  private static final int QUEUE_PER_SEQUENCE = 4;

  /** Request threads beyond one per admitted generation: for health, metrics, the page. */
  private static final int SPARE_REQUEST_THREADS = 64;

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

  @Mixin private EngineOptions engineOptions;

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

  @Mixin private AccessOptions accessOptions;

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
      names = "--shutdown-grace",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "On SIGTERM, how long generations in flight may finish before they are cancelled"
              + " (default: ${DEFAULT-VALUE}).")
  private long shutdownGrace;

  /** A serve command that reads {@code XDG_CACHE_HOME} and the CUDA folder from {@code env}. */
  public ServeCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    ListenAddress listen = new ListenAddress(host, port);
    EngineSettings engineSettings = engineOptions.settings(env).withPromptCache(cacheRamBytes());
    ServerSettings settings = serverSettings(engineSettings.parallel());
    AccessSettings access = accessOptions.settings(listen.host());
    CacheSettings cache =
        new CacheSettings(responseCacheSize, Duration.ofSeconds(responseCacheTtl));
    StoreSettings store = new StoreSettings(responsesStoreSize, responsesStoreDir);
    ServeShutdown shutdown = new ServeShutdown(Duration.ofSeconds(shutdownGrace));
    LogFormat.apply(logFormat);
    ResolvedModel file = resolveModel();
    List<EngineConfig.Lora> adapters = adapters();
    ServedModel served = new ServedModel(file.id(), aliases);
    MemoryPlan plan =
        MemoryCheck.plan(
            ModelValidator.validate(file.path()),
            engineSettings.contextSize(),
            engineSettings.parallel());
    MemoryCheck.requireFits(plan, AvailableMemory.probe());
    LOG.info("{} needs {}", file.id(), MemoryCheck.describe(plan));
    Operations ops = OpenAiServer.operations(served, access, cache, store);
    Javalin app = OpenAiServer.create(served, settings, ops);
    app.start(listen.host(), listen.port());
    shutdown.install(app, ops.drain());
    LOG.info("Listening on http://{}:{}; loading {}", listen.host(), app.port(), file.path());
    InferenceEngine loaded;
    try {
      loaded =
          engineOptions.load(
              new EngineConfig(
                  file.path(),
                  file.id(),
                  adapters,
                  engineSettings.withGpu(
                      engineSettings.gpu().withFootprint(MemoryCheck.footprint(plan)))));
    } catch (EngineException e) {
      spec.commandLine()
          .getErr()
          .println("samovar serve: the model failed to load: " + e.getMessage());
      return 1;
    }
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
    shutdown.serving(loaded);
    EngineWatch.start(
        loaded,
        ENGINE_WATCH_PERIOD,
        stopped -> {
          LOG.error(
              "{}; exiting with status 1 so that a supervisor replaces the server",
              stopped.getMessage());
          shutdown.exitWith(1);
          System.exit(1);
        });
    Thread.currentThread().join();
    return 0;
  }

  /** {@code --cache-ram} in bytes: -1 for no bound. */
  private long cacheRamBytes() {
    InvalidSettingException.require(
        cacheRamMiB >= -1 && cacheRamMiB <= 1L << 30,
        "cache-ram",
        "must be -1 (no bound), 0 (off) or a number of MiB: " + cacheRamMiB);
    return cacheRamMiB < 0 ? -1 : cacheRamMiB << 20;
  }

  private ServerSettings serverSettings(int parallel) {
    int queue = queueSize != null ? queueSize : QUEUE_PER_SEQUENCE * parallel;
    return new ServerSettings(
        temperature,
        topP,
        Duration.ofSeconds(keepAlive),
        Duration.ofSeconds(requestTimeout),
        queue,
        parallel + queue + SPARE_REQUEST_THREADS);
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
      InvalidSettingException.require(
          Files.isRegularFile(file) && Files.isReadable(file),
          "lora",
          ": no readable adapter file at " + file.toAbsolutePath());
      InvalidSettingException.require(
          Float.isFinite(scale),
          "lora",
          ": the scale of " + path + " must be a finite number: " + scale);
      adapters.add(new EngineConfig.Lora(file, scale));
    }
    return adapters;
  }

  private ResolvedModel resolveModel() {
    ModelCatalog catalog = ModelCatalog.builtIn();
    try {
      ModelReference reference =
          model == null
              ? new ModelReference.Catalog(catalog.defaultEntry())
              : catalog.reference(model);
      return storeOptions.resolver(env, spec.commandLine().getErr()).resolve(reference);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("model", ": " + e.getMessage());
    }
  }
}
