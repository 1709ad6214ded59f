package dev.samovar.engine.llama;

import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineProvider;
import dev.samovar.engine.InferenceEngine;

/** The llama.cpp engine as the implementation {@link dev.samovar.engine.Engines#load} finds. */
public final class LlamaEngineProvider implements EngineProvider {
  @Override
  public InferenceEngine load(EngineConfig config) {
    return LlamaEngine.load(config);
  }
}
