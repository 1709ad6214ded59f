package dev.samovar.training;

import dev.samovar.training.tiny.TinyLlama;
import dev.samovar.training.tiny.TinyTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TinyLlama} checkpoint written for a test, with its stored values in maps the test may
 * edit to describe what it changed on disk.
 */
public final class TinyCheckpoint {
  final TinyLlama.Shape shape;
  final TinyTokenizer tokenizer;
  final Map<String, float[]> weights;
  final Map<String, long[]> shapes;

  private TinyCheckpoint(TinyLlama model) {
    this.shape = model.shape();
    this.tokenizer = model.tokenizer();
    this.weights = new LinkedHashMap<>(model.weights());
    this.shapes = new LinkedHashMap<>(model.shapes());
  }

  /** The tiny checkpoint with {@link TinyLlama#SHAPE}, written to {@code dir}. */
  static TinyCheckpoint write(Path dir) throws IOException {
    return write(dir, TinyLlama.SHAPE, 1);
  }

  /** A tiny checkpoint of {@code shape} with weights from {@code seed}, written to {@code dir}. */
  public static TinyCheckpoint write(Path dir, TinyLlama.Shape shape, long seed)
      throws IOException {
    return new TinyCheckpoint(TinyLlama.write(dir, shape, seed));
  }

  /** The weight {@code name} as doubles. */
  double[] weight(String name) {
    float[] w = weights.get(name);
    double[] d = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      d[i] = w[i];
    }
    return d;
  }
}
