package dev.samovar.engine.llama;

import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.engine.SamplingParams;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One generation's llama.cpp sampler chain, in llama-server's order: the JSON-schema grammar (it
 * masks what the grammar forbids), logit bias (with every end-of-generation token banned when the
 * request ignores them), repetition penalties, then greedy at temperature 0, otherwise top-k,
 * top-p, min-p, temperature and a seeded draw. Stages at their neutral value are left out. Built
 * when the request is submitted, so that an unusable request fails there.
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

  /**
   * The chain for {@code request}, whose prompt is {@code prompt}; the penalties see the prompt's
   * last {@link SamplingParams#PENALTY_LAST_N} tokens, as in llama-server.
   *
   * @param grammar the grammar of the request's JSON schema, or null
   * @throws InvalidGenerationRequestException for a logit bias outside the vocabulary or a grammar
   *     llama.cpp rejects
   */
  static SamplerChain create(
      LlamaLibrary library,
      LlamaVocabulary vocabulary,
      GenerationRequest request,
      JsonSchemaGrammar grammar,
      int[] prompt) {
    SamplingParams params = request.sampling();
    SamplerChain sampler = new SamplerChain(library, library.newSamplerChain());
    try {
      if (grammar != null) {
        sampler.add(grammarSampler(library, vocabulary, grammar));
      }
      LogitBias bias = LogitBias.of(vocabulary, params.logitBias(), request.ignoreEos());
      if (bias.size() > 0) {
        sampler.add(library.logitBiasSampler(vocabulary.size(), bias.tokens(), bias.biases()));
      }
      if (params.repeatPenalty() != 1
          || params.frequencyPenalty() != 0
          || params.presencePenalty() != 0) {
        MemorySegment penalties =
            library.penaltiesSampler(
                vocabulary.size(),
                SamplingParams.PENALTY_LAST_N,
                (float) params.repeatPenalty(),
                (float) params.frequencyPenalty(),
                (float) params.presencePenalty());
        sampler.add(penalties);
        for (int i = Math.max(0, prompt.length - SamplingParams.PENALTY_LAST_N);
            i < prompt.length;
            i++) {
          library.accept(penalties, prompt[i]);
        }
      }
      if (params.temperature() == 0) {
        sampler.add(library.greedySampler());
      } else {
        if (params.topK() > 0) {
          sampler.add(library.topKSampler(params.topK()));
        }
        if (params.topP() < 1) {
          sampler.add(library.topPSampler((float) params.topP()));
        }
        if (params.minP() > 0) {
          sampler.add(library.minPSampler((float) params.minP()));
        }
        sampler.add(library.temperatureSampler((float) params.temperature()));
        sampler.add(library.distSampler(seed(params.seed())));
      }
      return sampler;
    } catch (RuntimeException e) {
      sampler.free();
      throw e;
    }
  }

  /**
   * The grammar sampler, checked: llama.cpp b4916 reports a grammar it cannot use (a parse error,
   * left recursion) only on standard error and returns a sampler that enforces nothing, so the
   * document's sampler must ban a token starting with "}", which no JSON document starts with.
   * Where plain text is allowed too (and may start with "}"), the document's grammar is checked
   * alone first; the rules added for the text are fixed and known to work.
   */
  private static MemorySegment grammarSampler(
      LlamaLibrary library, LlamaVocabulary vocabulary, JsonSchemaGrammar grammar) {
    MemorySegment document = sampler(library, vocabulary, grammar.document());
    if (!library.bans(document, vocabulary.tokenize("}", false, false)[0])) {
      library.freeSampler(document);
      throw unusableGrammar(" (a parse error or left recursion; llama.cpp's standard error says)");
    }
    if (!grammar.textAllowed()) {
      return document;
    }
    library.freeSampler(document);
    return sampler(library, vocabulary, grammar.gbnf());
  }

  private static MemorySegment sampler(
      LlamaLibrary library, LlamaVocabulary vocabulary, String grammar) {
    LlamaLibrary.takeFirstError();
    MemorySegment sampler = library.grammarSampler(vocabulary.pointer(), grammar);
    if (sampler.equals(MemorySegment.NULL)) {
      String reason = LlamaLibrary.takeFirstError();
      throw unusableGrammar(reason == null ? "" : ": " + reason.strip());
    }
    return sampler;
  }

  private static InvalidGenerationRequestException unusableGrammar(String detail) {
    return new InvalidGenerationRequestException(
        "jsonSchema", "llama.cpp cannot use the grammar of the JSON schema" + detail);
  }

  /** Adds a sampler; the chain owns it from now on. */
  private void add(MemorySegment sampler) {
    library.addSampler(chain, sampler);
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

  /** The logit_bias entries of a request, checked against the vocabulary. */
  private record LogitBias(int[] tokens, float[] biases) {
    static LogitBias of(LlamaVocabulary vocabulary, Map<Integer, Double> requested, boolean noEnd) {
      int[] ends = noEnd ? vocabulary.endOfGenerationTokens() : new int[0];
      int[] tokens = new int[requested.size() + ends.length];
      float[] biases = new float[tokens.length];
      int i = 0;
      for (Map.Entry<Integer, Double> entry : requested.entrySet()) {
        int token = entry.getKey();
        double bias = entry.getValue();
        if (!vocabulary.contains(token)) {
          throw new InvalidGenerationRequestException(
              "logitBias",
              "logit bias for token id "
                  + token
                  + ", outside the vocabulary [0, "
                  + vocabulary.size()
                  + ")");
        }
        if (!Double.isFinite(bias)) {
          throw new InvalidGenerationRequestException(
              "logitBias", "logit bias for token id " + token + " is not a finite number: " + bias);
        }
        tokens[i] = token;
        biases[i++] = (float) bias;
      }
      for (int end : ends) {
        tokens[i] = end;
        biases[i++] = Float.NEGATIVE_INFINITY;
      }
      return new LogitBias(tokens, biases);
    }

    int size() {
      return tokens.length;
    }
  }
}
