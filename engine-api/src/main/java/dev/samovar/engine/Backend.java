package dev.samovar.engine;

import java.util.Locale;

/** Which build of the native library runs the model. */
public enum Backend {
  /** The CUDA library when it is present and a GPU is visible, else the CPU library. */
  AUTO,
  /**
   * The CPU library: llama.cpp v0.5.0 as the native jar carries it where it runs, else b4916 inside
   * de.kherud:llama ({@code SAMOVAR_LLAMA_CPP} picks one).
   */
  CPU,
  /** The CUDA libraries in the CUDA library folder; fails at start-up without them or a GPU. */
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
