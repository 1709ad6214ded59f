package dev.samovar.server.http;

import dev.samovar.server.api.Json;
import dev.samovar.server.api.MessagesFormat;
import dev.samovar.server.api.ModelList;
import dev.samovar.server.api.SlotList;
import dev.samovar.server.error.ApiError;
import dev.samovar.server.error.ErrorMapper;
import dev.samovar.server.ops.AccessLog;
import dev.samovar.server.ops.AccessSettings;
import dev.samovar.server.ops.ApiKeys;
import dev.samovar.server.ops.CacheSettings;
import dev.samovar.server.ops.Drain;
import dev.samovar.server.ops.Operations;
import dev.samovar.server.ops.RateLimiter;
import dev.samovar.server.ops.RequestStats;
import dev.samovar.server.ops.ServerMetrics;
import dev.samovar.server.ops.StoreSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.plugin.bundled.CorsPlugin;
import io.javalin.plugin.bundled.CorsPluginConfig;
import io.javalin.router.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app factory: an unstarted Javalin app serving the OpenAI-compatible API for one model.
 *
 * <p>Routes: {@code POST /v1/chat/completions}, {@code POST /v1/completions}, {@code GET
 * /v1/models}, {@code GET /v1/models/{id}}, llama-server's {@code POST /tokenize} and {@code POST
 * /detokenize}, {@code GET /slots} (sequences and wait queue), {@code GET /metrics} (Prometheus
 * text), {@code GET /health} (200 while the process runs), {@code GET /ready} (200 once the model
 * is loaded, 503 with an OpenAI error before) and, when the classpath has a {@code /public} folder,
 * its files at {@code /}. API routes need a key when keys are configured; every failure, unknown
 * routes and wrong methods included, answers with an OpenAI error object.
 */
public final class OpenAiServer {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);
  private static final Set<String> KEYED_ROUTES = Set.of("/tokenize", "/detokenize", "/slots");
  private static final String REQUEST_ID = "X-Request-Id";
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Threads Jetty keeps beside the requests': acceptor, selectors, reserved threads. */
  private static final int JETTY_OWN_THREADS = 8;

  private static final int IDLE_THREAD_MILLIS = 60_000;

  private OpenAiServer() {}

  /** The app with open access, its own metrics and drain; start it with {@link Javalin#start}. */
  public static Javalin create(ServedModel model, ServerSettings settings) {
    return create(model, settings, operations(model, AccessSettings.OPEN));
  }

  /**
   * Operations for {@code model} without a response cache, with the default response store: fresh
   * metrics and drain.
   */
  public static Operations operations(ServedModel model, AccessSettings access) {
    return operations(model, access, CacheSettings.OFF, StoreSettings.DEFAULT);
  }

  /** Operations for {@code model}: fresh metrics and drain. */
  public static Operations operations(
      ServedModel model,
      AccessSettings access,
      CacheSettings responseCache,
      StoreSettings responseStore) {
    return new Operations(
        access,
        new ServerMetrics(
            model.ids().getFirst(),
            () -> model.isLoaded() ? model.engine() : null,
            () -> model.isLoaded() ? model.backend() : null),
        new Drain(),
        responseCache,
        responseStore);
  }

  /** The app; start it with {@link Javalin#start(String, int)}. */
  public static Javalin create(ServedModel model, ServerSettings settings, Operations ops) {
    Admission admission = new Admission(settings.queueSize());
    ResponseCache cache =
        new ResponseCache(ops.responseCache().maxEntries(), ops.responseCache().ttl());
    CompletionRunner runner =
        new CompletionRunner(settings, admission, ops.metrics(), ops.drain(), cache);
    TokenizerHandlers tokenizer = new TokenizerHandlers(model);
    AccessSettings access = ops.access();
    ApiKeys keys = new ApiKeys(access.apiKeys());
    RateLimiter limiter = new RateLimiter(access.rateLimit(), System::currentTimeMillis);
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jetty.threadPool = requestThreads(settings);
          config.http.prefer405over404 = true;
          config.http.maxRequestSize = access.maxBodyBytes();
          config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
          if (OpenAiServer.class.getResource("/public") != null) {
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
          }
          if (!access.corsOrigins().isEmpty()) {
            config.registerPlugin(
                new CorsPlugin(cors -> cors.addRule(rule -> allow(rule, access))));
          }
          config.requestLogger.http((ctx, millis) -> answered(ctx, millis, ops.metrics()));
          config.routes.before(
              ctx -> {
                String id = ctx.header(REQUEST_ID);
                if (id == null || !SAFE_REQUEST_ID.matcher(id).matches()) {
                  id = UUID.randomUUID().toString();
                }
                ctx.attribute(REQUEST_ID, id);
                ctx.header(REQUEST_ID, id);
                ctx.attribute(RequestStats.ATTRIBUTE, new RequestStats(access.logPrompts()));
                if (keyed(ctx.path(), access) && ctx.method() != HandlerType.OPTIONS) {
                  int key = keys.check(ctx.header("Authorization"), ctx.header("X-Api-Key"));
                  limiter.acquire(key >= 0 ? "key-" + key : ctx.ip());
                }
              });
          config.routes.post("/v1/chat/completions", new ChatCompletionsHandler(model, runner));
          config.routes.post("/v1/completions", new CompletionsHandler(model, runner));
          ResponsesHandler responses =
              new ResponsesHandler(model, runner, new ResponseStore(ops.responseStore()));
          config.routes.post("/v1/responses", responses::create);
          config.routes.get("/v1/responses/{id}", responses::get);
          config.routes.delete("/v1/responses/{id}", responses::delete);
          config.routes.get("/v1/responses/{id}/input_items", responses::inputItems);
          MessagesHandler messages = new MessagesHandler(model, runner);
          config.routes.post("/v1/messages", messages::create);
          config.routes.post("/v1/messages/count_tokens", messages::countTokens);
          config.routes.post("/tokenize", tokenizer::tokenize);
          config.routes.post("/detokenize", tokenizer::detokenize);
          config.routes.get(
              "/v1/models",
              ctx -> ctx.json(ModelList.of(model.ids(), model.created(), model.backend())));
          config.routes.get("/v1/models/<id>", ctx -> model(ctx, model));
          config.routes.get(
              "/slots",
              ctx -> ctx.json(SlotList.of(model.engine().status(), admission.queueSize())));
          config.routes.get(
              "/metrics",
              ctx -> {
                ctx.contentType(ServerMetrics.CONTENT_TYPE);
                ops.metrics().writeTo(ctx.outputStream());
              });
          config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
          config.routes.get(
              "/ready",
              ctx -> {
                model
                    .engine()
                    .failure()
                    .ifPresent(
                        stopped -> {
                          throw stopped;
                        });
                ctx.json(Map.of("status", "ready"));
              });
          // Javalin answers HttpResponseException (unknown route, wrong method) itself unless
          // that exact type has a handler, so both types get the one mapping.
          config.routes.exception(Exception.class, OpenAiServer::fail);
          config.routes.exception(HttpResponseException.class, OpenAiServer::fail);
        });
  }

  /**
   * Platform threads for requests, not virtual ones: a stream's thread wakes for every token the
   * engine hands it, and a platform thread is woken directly, where a virtual thread is scheduled
   * onto a carrier thread, which wakes other carriers. On a machine whose cores all decode, each of
   * those wake-ups takes a core from the decoding threads, which wait for each other at every step
   * (bench/README.md, "Performance targets").
   */
  private static QueuedThreadPool requestThreads(ServerSettings settings) {
    QueuedThreadPool pool =
        new QueuedThreadPool(
            settings.requestThreads() + JETTY_OWN_THREADS,
            Math.min(JETTY_OWN_THREADS, settings.requestThreads()),
            IDLE_THREAD_MILLIS);
    pool.setName("samovar-http");
    return pool;
  }

  private static boolean keyed(String path, AccessSettings access) {
    return path.startsWith("/v1/")
        || KEYED_ROUTES.contains(path)
        || (access.metricsRequireKey() && path.equals("/metrics"));
  }

  private static void allow(CorsPluginConfig.CorsRule rule, AccessSettings access) {
    if (access.corsOrigins().contains("*")) {
      rule.anyHost();
    } else {
      List<String> origins = access.corsOrigins();
      rule.allowHost(origins.getFirst(), origins.subList(1, origins.size()).toArray(String[]::new));
    }
    rule.exposeHeader(REQUEST_ID);
  }

  private static void answered(Context ctx, float millis, ServerMetrics metrics) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    String route;
    if (endpoint != null) {
      route = endpoint.path;
    } else {
      route = ctx.statusCode() < 400 ? "static" : "unmatched";
    }
    metrics.request(route, ctx.statusCode());
    RequestStats stats = ctx.attribute(RequestStats.ATTRIBUTE);
    AccessLog.log(
        ctx.attribute(REQUEST_ID),
        ctx.method().name(),
        route,
        ctx.statusCode(),
        stats != null ? stats : new RequestStats(false),
        Math.round(millis));
  }

  private static void model(Context ctx, ServedModel model) {
    long created = model.created();
    String id = ctx.pathParam("id");
    model.requireServed(id);
    ctx.json(ModelList.Model.of(id, created, model.backend()));
  }

  private static void fail(Exception failure, Context ctx) {
    ApiError error = ErrorMapper.map(failure);
    if (error.status() == 500) {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), failure);
    }
    error.headers().forEach(ctx::header);
    ctx.status(error.status())
        .json(ctx.path().startsWith("/v1/messages") ? MessagesFormat.error(error) : error.body());
  }
}
