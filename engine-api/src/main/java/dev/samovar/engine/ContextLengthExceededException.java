package dev.samovar.engine;

/** A prompt has more tokens than a sequence's context holds. */
public final class ContextLengthExceededException extends EngineException {
  private final int promptTokens;
  private final int contextLength;

  public ContextLengthExceededException(int promptTokens, int contextLength) {
    super(
        "This model's maximum context length is "
            + contextLength
            + " tokens, but the prompt has "
            + promptTokens
            + " tokens.");
    this.promptTokens = promptTokens;
    this.contextLength = contextLength;
  }

  public int promptTokens() {
    return promptTokens;
  }

  public int contextLength() {
    return contextLength;
  }
}
