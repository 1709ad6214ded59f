package dev.samovar.server.http;

import dev.samovar.server.api.Json;
import dev.samovar.server.api.ModelList;
import dev.samovar.server.api.SlotList;
import dev.samovar.server.error.ApiError;
import dev.samovar.server.error.ErrorMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app factory: an unstarted Javalin app serving the OpenAI-compatible API for one model.
 *
 * <p>Routes: {@code POST /v1/chat/completions}, {@code POST /v1/completions}, {@code GET
 * /v1/models}, {@code GET /v1/models/{id}}, llama-server's {@code POST /tokenize} and {@code POST
 * /detokenize}, {@code GET /slots} (sequences and wait queue) and {@code GET /health} (200 {@code
 * {"status":"ok"}} once the model is loaded, 503 {@code {"status":"loading"}} before); the chat
 * page and its WebJars ({@code /webjars/...}) as static files at {@code /}. Every failure, unknown
 * routes and wrong methods included, answers with an OpenAI error object.
 */
public final class OpenAiServer {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);

  private OpenAiServer() {}

  /** The app; start it with {@link Javalin#start(String, int)}. */
  public static Javalin create(ServedModel model, ServerSettings settings) {
    Admission admission = new Admission(settings.queueSize());
    CompletionRunner runner = new CompletionRunner(settings, admission);
    TokenizerHandlers tokenizer = new TokenizerHandlers(model);
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.concurrency.useVirtualThreads = true;
          config.http.prefer405over404 = true;
          config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
          config.staticFiles.add("/public", Location.CLASSPATH);
          config.staticFiles.enableWebjars();
          config.requestLogger.http(
              (ctx, millis) ->
                  LOG.info(
                      "{} {} -> {} in {} ms",
                      ctx.method(),
                      ctx.path(),
                      ctx.statusCode(),
                      Math.round(millis)));
          config.routes.post("/v1/chat/completions", new ChatCompletionsHandler(model, runner));
          config.routes.post("/v1/completions", new CompletionsHandler(model, runner));
          config.routes.post("/tokenize", tokenizer::tokenize);
          config.routes.post("/detokenize", tokenizer::detokenize);
          config.routes.get(
              "/v1/models", ctx -> ctx.json(ModelList.of(model.ids(), model.created())));
          config.routes.get("/v1/models/<id>", ctx -> model(ctx, model));
          config.routes.get(
              "/slots",
              ctx -> ctx.json(SlotList.of(model.engine().status(), admission.queueSize())));
          config.routes.get(
              "/health",
              ctx -> {
                boolean loaded = model.isLoaded();
                ctx.status(loaded ? 200 : 503).json(Map.of("status", loaded ? "ok" : "loading"));
              });
          // Javalin answers HttpResponseException (unknown route, wrong method) itself unless
          // that exact type has a handler, so both types get the one mapping.
          config.routes.exception(Exception.class, OpenAiServer::fail);
          config.routes.exception(HttpResponseException.class, OpenAiServer::fail);
        });
  }

  private static void model(Context ctx, ServedModel model) {
    long created = model.created();
    String id = ctx.pathParam("id");
    model.requireServed(id);
    ctx.json(ModelList.Model.of(id, created));
  }

  private static void fail(Exception failure, Context ctx) {
    ApiError error = ErrorMapper.map(failure);
    if (error.status() == 500) {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), failure);
    }
    error.headers().forEach(ctx::header);
    ctx.status(error.status()).json(error.body());
  }
}
