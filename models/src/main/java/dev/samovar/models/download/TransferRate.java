package dev.samovar.models.download;

import dev.samovar.models.ByteSizes;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Bytes, speed and time left of one transfer, measured since it started or resumed. */
final class TransferRate {
  private final LongSupplier nanoTime;
  private long startNanos;
  private long startBytes;
  private long total;

  TransferRate(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  void start(long total, long resumedAt) {
    this.total = total;
    this.startBytes = resumedAt;
    this.startNanos = nanoTime.getAsLong();
  }

  long total() {
    return total;
  }

  Duration elapsed() {
    return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
  }

  /** Bytes per second since the start, or 0 before any time has passed. */
  double bytesPerSecond(long done) {
    long nanos = nanoTime.getAsLong() - startNanos;
    return nanos <= 0 ? 0 : (done - startBytes) * 1e9 / nanos;
  }

  /** "45%" of the total. */
  String percent(long done) {
    return String.format(Locale.ROOT, "%d%%", total == 0 ? 100 : done * 100 / total);
  }

  /** "35.1 MB/s". */
  String speed(long done) {
    return ByteSizes.decimal(Math.round(bytesPerSecond(done))) + "/s";
  }

  /** "1m17s" at the speed so far, or "?" before anything arrived. */
  String eta(long done) {
    double speed = bytesPerSecond(done);
    if (speed <= 0) {
      return "?";
    }
    return ByteSizes.duration(Duration.ofMillis(Math.round((total - done) * 1000 / speed)));
  }
}
