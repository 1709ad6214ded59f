package dev.samovar.engine;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One generation.
 *
 * @param id the caller's id for it (shown in {@link EngineStatus})
 * @param prompt the prompt; text segments are tokenized without adding BOS (a rendered chat already
 *     has it)
 * @param sampling how tokens are chosen
 * @param maxTokens the most tokens to generate, or null for "until a stop or the context end"
 * @param stop strings that end the generation; the matched text is not emitted
 * @param ignoreEos keep generating past end-of-generation tokens (they are then never sampled)
 * @param topLogprobs null for no log-probabilities; else 0-20 alternatives per sampled token
 * @param jsonSchema null, or a JSON schema (as JSON text) the output must satisfy
 * @param textAllowed with a JSON schema: the output may instead be plain text, any text that does
 *     not start with '{' (so that a model can either answer or write a document, such as a tool
 *     call)
 */
public record GenerationRequest(
    String id,
    Prompt prompt,
    SamplingParams sampling,
    Integer maxTokens,
    List<String> stop,
    boolean ignoreEos,
    Integer topLogprobs,
    String jsonSchema,
    boolean textAllowed) {

  /** The most alternatives {@link #topLogprobs} may ask for. */
  public static final int MAX_TOP_LOGPROBS = 20;

  public GenerationRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(sampling, "sampling");
    stop = List.copyOf(stop);
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
    }
    if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS)) {
      throw new IllegalArgumentException(
          "topLogprobs must be in [0, " + MAX_TOP_LOGPROBS + "]: " + topLogprobs);
    }
    if (textAllowed && jsonSchema == null) {
      throw new IllegalArgumentException("textAllowed needs a jsonSchema");
    }
  }

  public static Builder builder(Prompt prompt) {
    return new Builder(prompt);
  }

  /** Starts from: a generated id, greedy sampling, no limit, no stop strings, no logprobs. */
  public static final class Builder {
    private static final AtomicLong IDS = new AtomicLong();

    private final Prompt prompt;
    private String id = "gen-" + IDS.incrementAndGet();
    private SamplingParams sampling = SamplingParams.greedy();
    private Integer maxTokens;
    private List<String> stop = List.of();
    private boolean ignoreEos;
    private Integer topLogprobs;
    private String jsonSchema;
    private boolean textAllowed;

    private Builder(Prompt prompt) {
      this.prompt = prompt;
    }

    public Builder id(String value) {
      id = value;
      return this;
    }

    public Builder sampling(SamplingParams value) {
      sampling = value;
      return this;
    }

    public Builder maxTokens(Integer value) {
      maxTokens = value;
      return this;
    }

    public Builder stop(List<String> value) {
      stop = value;
      return this;
    }

    public Builder ignoreEos(boolean value) {
      ignoreEos = value;
      return this;
    }

    public Builder topLogprobs(Integer value) {
      topLogprobs = value;
      return this;
    }

    public Builder jsonSchema(String value) {
      jsonSchema = value;
      return this;
    }

    public Builder textAllowed(boolean value) {
      textAllowed = value;
      return this;
    }

    public GenerationRequest build() {
      return new GenerationRequest(
          id, prompt, sampling, maxTokens, stop, ignoreEos, topLogprobs, jsonSchema, textAllowed);
    }
  }
}
