package dev.samovar.engine;

import java.util.Locale;

/** How a model is spread over several GPUs: llama.cpp's {@code llama_split_mode}. */
public enum SplitMode {
  /** Everything on the main GPU. */
  NONE(0),
  /** Whole layers (and their KV cache) per GPU, in the proportions of the tensor split. */
  LAYER(1),
  /** Each weight matrix split by rows over the GPUs; the main GPU holds the rest. */
  ROW(2);

  private final int nativeValue;

  SplitMode(int nativeValue) {
    this.nativeValue = nativeValue;
  }

  /** The {@code llama_split_mode} value. */
  public int nativeValue() {
    return nativeValue;
  }

  /** Its name as written on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode named {@code text} ({@code none}, {@code layer} or {@code row}, any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static SplitMode parse(String text) {
    for (SplitMode mode : values()) {
      if (mode.label().equalsIgnoreCase(text.strip())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown split mode '" + text + "': expected layer, row or none");
  }
}
