package dev.samovar.server.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.samovar.engine.InvalidSettingException;
import org.slf4j.LoggerFactory;

/** Switches Logback to JSON lines ({@code logback-json.xml}) for {@code --log-format json}. */
final class LogFormat {
  private LogFormat() {}

  /**
   * Applies {@code format}: {@code human} keeps the default configuration.
   *
   * @throws InvalidSettingException for another format
   */
  static void apply(String format) {
    InvalidSettingException.require(
        format.equals("human") || format.equals("json"),
        "log-format",
        "must be human or json: " + format);
    if (format.equals("human")) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.reset();
    try {
      configurator.doConfigure(LogFormat.class.getResource("/logback-json.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("logback-json.xml is invalid: " + e.getMessage(), e);
    }
  }
}
