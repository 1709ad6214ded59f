package dev.samovar.models;

import java.time.Duration;
import java.util.Locale;

/**
 * Human-readable sizes and durations: decimal units for files and transfer speeds (as the hub lists
 * files), binary units for memory (as llama.cpp and /proc/meminfo count it).
 */
public final class ByteSizes {
  private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private ByteSizes() {}

  /** {@code bytes} in B, kB, MB, GB... with three significant digits: "4.92 GB". */
  public static String decimal(long bytes) {
    return format(bytes, 1000, DECIMAL);
  }

  /** {@code bytes} in B, KiB, MiB, GiB... with three significant digits: "1.00 GiB". */
  public static String binary(long bytes) {
    return format(bytes, 1024, BINARY);
  }

  private static String format(long bytes, int base, String[] units) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative size: " + bytes);
    }
    if (bytes < base) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= base && unit < units.length - 1) {
      value /= base;
      unit++;
    }
    if (Double.parseDouble(String.format(Locale.ROOT, "%.3g", value)) >= base) {
      value /= base;
      unit++;
    }
    String digits =
        value < 10
            ? String.format(Locale.ROOT, "%.2f", value)
            : value < 100
                ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.0f", value);
    return digits + " " + units[unit];
  }

  /** A duration rounded to whole seconds: "45s", "3m07s", "2h05m". */
  public static String duration(Duration duration) {
    long seconds = Math.max(0, Math.round(duration.toMillis() / 1000.0));
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60);
  }
}
