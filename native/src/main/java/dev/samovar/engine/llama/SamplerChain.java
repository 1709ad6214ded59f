package dev.samovar.engine.llama;

import dev.samovar.engine.SamplingParams;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One sequence's llama.cpp sampler chain: greedy at temperature 0, otherwise top-p, temperature and
 * a seeded random draw.
 */
final class SamplerChain {
  /** llama.cpp's LLAMA_DEFAULT_SEED: the dist sampler picks a random seed for it. */
  private static final int RANDOM_SEED_SENTINEL = 0xFFFFFFFF;

  private final LlamaLibrary library;
  private final MemorySegment chain;
  private boolean freed;

  private SamplerChain(LlamaLibrary library, MemorySegment chain) {
    this.library = library;
    this.chain = chain;
  }

  static SamplerChain create(LlamaLibrary library, SamplingParams params) {
    SamplerChain sampler = new SamplerChain(library, library.newSamplerChain());
    try {
      if (params.temperature() == 0) {
        library.addSampler(sampler.chain, library.greedySampler());
      } else {
        library.addSampler(sampler.chain, library.topPSampler((float) params.topP()));
        library.addSampler(sampler.chain, library.temperatureSampler((float) params.temperature()));
        library.addSampler(sampler.chain, library.distSampler(seed(params.seed())));
      }
      return sampler;
    } catch (RuntimeException e) {
      sampler.free();
      throw e;
    }
  }

  /** The 32-bit seed for a request's seed: both halves folded, never llama.cpp's "random". */
  static int seed(Long seed) {
    if (seed == null) {
      return ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
    }
    int folded = (int) (seed ^ (seed >>> 32));
    return folded == RANDOM_SEED_SENTINEL ? folded ^ 1 : folded;
  }

  /** Samples a token from batch row {@code row} and accepts it. */
  int sample(MemorySegment context, int row) {
    return library.sample(chain, context, row);
  }

  void free() {
    if (!freed) {
      freed = true;
      library.freeSampler(chain);
    }
  }
}
