package dev.samovar.server.api.tools;

import java.util.Objects;

/**
 * Whether and which tools the model must call.
 *
 * @param mode none, auto, required, or one named function
 * @param function the named function, for {@link Mode#FUNCTION} only
 */
public record ToolChoice(Mode mode, String function) {
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  /** How the model uses its tools. */
  public enum Mode {
    /** It answers in text; the tools are not offered. */
    NONE,
    /** It calls tools or answers in text, as it sees fit. */
    AUTO,
    /** It calls at least one tool. */
    REQUIRED,
    /** It calls the named function. */
    FUNCTION
  }

  public ToolChoice {
    Objects.requireNonNull(mode, "mode");
    if ((mode == Mode.FUNCTION) != (function != null)) {
      throw new IllegalArgumentException("a function is named for mode FUNCTION only");
    }
  }

  public static ToolChoice function(String name) {
    return new ToolChoice(Mode.FUNCTION, name);
  }
}
