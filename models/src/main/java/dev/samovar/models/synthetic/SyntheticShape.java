package dev.samovar.models.synthetic;

import dev.samovar.models.gguf.GgmlType;
import java.util.List;
import java.util.Locale;

/**
 * The hyperparameters of a {@link SyntheticModel}: embedding width, layers, attention heads (and
 * key/value heads), feed-forward width and the type of its weight matrices (F16 or Q8_0).
 *
 * @param name how the shape is named on the command line
 */
public record SyntheticShape(
    String name,
    int embedding,
    int layers,
    int heads,
    int kvHeads,
    int feedForward,
    GgmlType type) {
  /**
   * About 152M parameters (151,960,320 with the tiny vocabulary): 24 layers of 768, 12 heads over 4
   * key/value heads, F16.
   */
  public static final SyntheticShape M150 =
      new SyntheticShape("150m", 768, 24, 12, 4, 2048, GgmlType.F16);

  /**
   * About 0.45M parameters (450,176 with the tiny vocabulary, a third of them the embeddings): 2
   * layers of 128, for tests that load a synthetic model.
   */
  public static final SyntheticShape SMALL =
      new SyntheticShape("small", 128, 2, 4, 2, 256, GgmlType.F16);

  /** The named shapes. */
  public static final List<SyntheticShape> NAMED = List.of(M150, SMALL);

  public SyntheticShape {
    if (embedding <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || feedForward <= 0) {
      throw new IllegalArgumentException("every dimension must be positive: " + this);
    }
    if (embedding % heads != 0 || heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "the embedding must split into heads and the heads into key/value groups: " + this);
    }
    if (type != GgmlType.F16 && type != GgmlType.Q8_0) {
      throw new IllegalArgumentException("weights are F16 or Q8_0, not " + type);
    }
    int block = type.blockSize();
    if (embedding % block != 0 || feedForward % block != 0) {
      throw new IllegalArgumentException(
          "the embedding and feed-forward widths must be multiples of "
              + type
              + "'s block: "
              + this);
    }
  }

  /** The width of one attention head. */
  public int headDim() {
    return embedding / heads;
  }

  /** This shape with its weight matrices in {@code weights}. */
  public SyntheticShape withType(GgmlType weights) {
    return new SyntheticShape(name, embedding, layers, heads, kvHeads, feedForward, weights);
  }

  /**
   * The named shape called {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the shapes there are
   */
  public static SyntheticShape named(String name) {
    return NAMED.stream()
        .filter(shape -> shape.name().equals(name.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no synthetic shape '"
                        + name
                        + "'; there are "
                        + NAMED.stream().map(SyntheticShape::name).toList()));
  }
}
