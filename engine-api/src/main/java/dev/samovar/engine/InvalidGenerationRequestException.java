package dev.samovar.engine;

/** A request the engine cannot run as asked, with the request field at fault. */
public final class InvalidGenerationRequestException extends EngineException {
  private final String field;

  public InvalidGenerationRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  public InvalidGenerationRequestException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The {@link GenerationRequest} or {@link SamplingParams} component at fault. */
  public String field() {
    return field;
  }
}
