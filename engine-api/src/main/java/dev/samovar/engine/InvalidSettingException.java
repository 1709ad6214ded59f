package dev.samovar.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * A setting outside what it may be. The setting is named as its command-line flag is spelled
 * without dashes ({@code ctx-size}, {@code top-p}), so that the command line reports {@code
 * --ctx-size must be >= 0: -1} while other callers read {@code ctx-size must be >= 0: -1}. The
 * records that hold settings check them with the methods here.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private final String setting;

  /**
   * @param setting the setting's name, as its flag without dashes
   * @param problem what is wrong, e.g. {@code must be >= 1: 0}, or {@code : } and why its value
   *     does not parse
   */
  public InvalidSettingException(String setting, String problem) {
    super(setting + (problem.startsWith(":") ? "" : " ") + problem);
    this.setting = setting;
  }

  /** The setting's name, as its flag without dashes. */
  public String setting() {
    return setting;
  }

  /** Throws for {@code setting} with {@code problem} unless {@code valid}. */
  public static void require(boolean valid, String setting, String problem) {
    if (!valid) {
      throw new InvalidSettingException(setting, problem);
    }
  }

  /** Checks {@code value >= min}. */
  public static void atLeast(String setting, long value, long min) {
    require(value >= min, setting, "must be >= " + min + ": " + value);
  }

  /**
   * Checks that {@code value} is at most {@code max} and positive (or zero, where {@code
   * zeroAllowed}); the message speaks of whole seconds, as the flags give them.
   */
  public static void duration(String setting, Duration value, boolean zeroAllowed, Duration max) {
    Objects.requireNonNull(value, setting);
    require(
        (value.isPositive() || zeroAllowed && value.isZero()) && value.compareTo(max) <= 0,
        setting,
        "must be in ["
            + (zeroAllowed ? 0 : 1)
            + ", "
            + max.toSeconds()
            + "] seconds: "
            + value.toSeconds());
  }

  /** Checks {@code min <= value <= max}. */
  public static void between(String setting, long value, long min, long max) {
    require(
        value >= min && value <= max, setting, "must be in [" + min + ", " + max + "]: " + value);
  }
}
