package dev.samovar.server.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One line per answered request: request id, method, route template, status, tokens, time to first
 * token and duration, as key-value pairs (fields of their own in JSON logs); the request body and
 * the output only when prompts may be logged.
 */
public final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("samovar.access");

  private AccessLog() {}

  /** Logs one answered request. */
  public static void log(
      String requestId,
      String method,
      String route,
      int status,
      RequestStats stats,
      long durationMillis) {
    var line =
        LOG.atLevel(Level.INFO)
            .addKeyValue("request_id", requestId)
            .addKeyValue("method", method)
            .addKeyValue("route", route)
            .addKeyValue("status", status)
            .addKeyValue("prompt_tokens", stats.promptTokens())
            .addKeyValue("completion_tokens", stats.completionTokens())
            .addKeyValue("ttft_ms", stats.timeToFirstTokenMillis())
            .addKeyValue("duration_ms", durationMillis);
    if (stats.keepsText()) {
      line =
          line.addKeyValue("prompt", stats.promptText()).addKeyValue("output", stats.outputText());
    }
    line.log("{} {} {}", method, route, status);
  }
}
