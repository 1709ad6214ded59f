package dev.samovar.bench.load;

import java.util.List;
import java.util.Objects;

/**
 * The levels measured on one target.
 *
 * @param kind {@code http} or {@code engine-direct}
 * @param location the URL or the model file
 * @param model the model asked for
 * @param levels one per concurrency level, in the order run
 */
public record TargetResult(String kind, String location, String model, List<LevelStats> levels) {
  public TargetResult {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(model, "model");
    levels = List.copyOf(levels);
  }
}
