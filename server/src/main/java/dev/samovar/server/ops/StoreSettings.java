package dev.samovar.server.ops;

import dev.samovar.engine.InvalidSettingException;
import java.nio.file.Path;

/**
 * Where stored responses ({@code /v1/responses} with {@code store}) are kept.
 *
 * @param maxEntries how many the memory holds (Caffeine's size bound: the least used go first); at
 *     least 0
 * @param dir null, or a folder that keeps every stored response as a JSON file, across restarts
 */
public record StoreSettings(long maxEntries, Path dir) {
  /** A thousand responses in memory, none on disk. */
  public static final StoreSettings DEFAULT = new StoreSettings(1000, null);

  public StoreSettings {
    InvalidSettingException.atLeast("responses-store-size", maxEntries, 0);
  }
}
