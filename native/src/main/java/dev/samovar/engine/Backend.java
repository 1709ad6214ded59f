package dev.samovar.engine;

import java.util.Locale;

/** Which build of the native library runs the model. */
public enum Backend {
  /** The CUDA library when it is present and a GPU is visible, else the bundled CPU library. */
  AUTO,
  /** The CPU library bundled with de.kherud:llama. */
  CPU,
  /** The CUDA build of the same library; fails at start-up without a usable GPU or library. */
  CUDA;

  /** Its name as written on the command line and in {@code /v1/models}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The backend named {@code text} ({@code auto}, {@code cpu} or {@code cuda}, any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Backend parse(String text) {
    for (Backend backend : values()) {
      if (backend.label().equalsIgnoreCase(text.strip())) {
        return backend;
      }
    }
    throw new IllegalArgumentException(
        "unknown backend '" + text + "': expected auto, cpu or cuda");
  }
}
