package dev.samovar.server.cli;

import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The GGUF file a {@code --model} value names and the id it is served under.
 *
 * @param path the model file
 * @param id the served model id
 */
record ModelFile(Path path, String id) {
  /** The {@code --model} value that selects the built-in tiny test model. */
  static final String TINY = "tiny";

  private static final String GGUF = ".gguf";

  /**
   * {@code tiny}: the tiny test model, written to the user's cache when it is not there yet;
   * otherwise a path to a GGUF file, served as its file name without {@code .gguf}.
   *
   * @throws IllegalArgumentException when the path is not a readable file
   */
  static ModelFile resolve(String model, Map<String, String> env) {
    if (model.equals(TINY)) {
      Path path = cacheDir(env).resolve("samovar").resolve("models").resolve("tiny.gguf");
      if (!Files.isRegularFile(path)) {
        TinyModel.write(path);
      }
      return new ModelFile(path, TinyModel.MODEL_ID);
    }
    Path path = Path.of(model);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException(
          "no readable model file at "
              + path.toAbsolutePath()
              + "; pass --model tiny or --model PATH.gguf");
    }
    String name = path.getFileName().toString();
    boolean suffixed = name.endsWith(GGUF) && name.length() > GGUF.length();
    return new ModelFile(path, suffixed ? name.substring(0, name.length() - GGUF.length()) : name);
  }

  /** {@code $XDG_CACHE_HOME} when it is set to an absolute path, else {@code ~/.cache}. */
  static Path cacheDir(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg);
    }
    return Path.of(System.getProperty("user.home"), ".cache");
  }
}
