package dev.samovar.engine;

import java.util.List;
import java.util.ServiceLoader;

/** The one way to load an engine: the implementation on the class path runs the model. */
public final class Engines {
  private Engines() {}

  /**
   * Loads the model {@code config} names with the engine implementation on the class path.
   *
   * @throws NoGpuException when GPU layers are asked for and no GPU can take them
   * @throws ModelLoadException when the model cannot be loaded
   * @throws EngineException when no implementation, or more than one, is on the class path
   */
  public static InferenceEngine load(EngineConfig config) {
    return provider().load(config);
  }

  private static EngineProvider provider() {
    List<EngineProvider> providers =
        ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    if (providers.size() != 1) {
      throw new EngineException(
          providers.isEmpty()
              ? "no inference engine on the class path (samovar-native provides one)"
              : "more than one inference engine on the class path: "
                  + providers.stream().map(p -> p.getClass().getName()).toList());
    }
    return providers.getFirst();
  }
}
