package dev.samovar.engine;

/**
 * An implementation of the engine contract, found by {@link Engines#load} through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.samovar.engine.EngineProvider} in the
 * implementation's jar).
 */
public interface EngineProvider {
  /**
   * Loads the model {@code config} names.
   *
   * @throws NoGpuException when GPU layers are asked for and no GPU can take them
   * @throws ModelLoadException when the model cannot be loaded
   * @throws EngineException for any other failure of the native library
   */
  InferenceEngine load(EngineConfig config);
}
