package dev.samovar.server.cli;

import dev.samovar.engine.EngineConfig;
import dev.samovar.models.ByteSizes;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.inspect.ModelShape;
import dev.samovar.models.plan.AvailableMemory;
import dev.samovar.models.plan.MemoryPlan;
import dev.samovar.models.plan.MemoryPlanner;
import dev.samovar.models.plan.MemorySettings;

/**
 * The memory plan for the context {@code serve} would create, and the check that it fits in the
 * memory the machine has available.
 */
final class MemoryCheck {
  /** Tokens one decode step takes: the engine's n_batch and n_ubatch. */
  static final int BATCH_SIZE = 512;

  private MemoryCheck() {}

  /**
   * The plan for {@code gguf} with {@code --ctx-size} and {@code --parallel} as {@code serve}
   * applies them: a context size of 0 means the model's context length, at most {@link
   * EngineConfig#MAX_DEFAULT_CONTEXT}.
   */
  static MemoryPlan plan(GgufFile gguf, int contextSize, int parallel) {
    long trained = ModelShape.of(gguf).contextLength();
    int context =
        contextSize > 0
            ? contextSize
            : (int)
                (trained > 0
                    ? Math.min(trained, EngineConfig.MAX_DEFAULT_CONTEXT)
                    : EngineConfig.MAX_DEFAULT_CONTEXT);
    return MemoryPlanner.plan(gguf, new MemorySettings(context, parallel, BATCH_SIZE));
  }

  /** "about 5.48 GiB for 8192 tokens x 1 sequence (weights ... + KV cache ... + ...)". */
  static String describe(MemoryPlan plan) {
    MemorySettings settings = plan.settings();
    return "about "
        + ByteSizes.binary(plan.totalBytes())
        + " for "
        + settings.contextPerSequence()
        + " tokens x "
        + settings.parallel()
        + (settings.parallel() == 1 ? " sequence" : " sequences")
        + " (weights "
        + ByteSizes.binary(plan.weightBytes())
        + " + KV cache "
        + ByteSizes.binary(plan.kvCacheBytes())
        + " + compute "
        + ByteSizes.binary(plan.computeBytes())
        + " + output "
        + ByteSizes.binary(plan.outputBytes())
        + ")";
  }

  /**
   * Fails when {@code plan} needs more than {@code available}.
   *
   * @throws InsufficientMemoryException saying what is needed, what is there and what to change
   */
  static void requireFits(MemoryPlan plan, AvailableMemory available) {
    if (plan.totalBytes() > available.bytes()) {
      throw new InsufficientMemoryException(
          "the model needs "
              + describe(plan)
              + ", but only "
              + ByteSizes.binary(available.bytes())
              + " of memory is available ("
              + available.source()
              + "); lower --ctx-size or --parallel, or choose a smaller model (samovar models"
              + " list)");
    }
  }
}
