package dev.samovar.models.synthetic;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufWriter;
import dev.samovar.models.gguf.TensorSpec;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a Llama-architecture GGUF of a chosen {@link SyntheticShape} with seeded random weights
 * and the tiny model's vocabulary and chat template: a model whose text is noise but whose
 * inference costs what a real model of that size costs, for throughput and memory measurements.
 */
public final class SyntheticModel {
  /** The seed {@link #write(Path, SyntheticShape)} uses. */
  public static final long DEFAULT_SEED = 150;

  private static final Set<String> SHAPE_KEYS =
      Set.of(
          "general.name",
          "general.file_type",
          "llama.embedding_length",
          "llama.block_count",
          "llama.feed_forward_length",
          "llama.attention.head_count",
          "llama.attention.head_count_kv",
          "llama.rope.dimension_count");

  /** Values generated and encoded at a time, a whole number of rows of every tensor. */
  private static final int CHUNK_ROWS = 256;

  private SyntheticModel() {}

  /**
   * Writes the model of {@code shape} with {@link #DEFAULT_SEED} to {@code target}, replacing it
   * atomically.
   *
   * @return the number of parameters written
   */
  public static long write(Path target, SyntheticShape shape) {
    return write(target, shape, DEFAULT_SEED);
  }

  /**
   * Writes the model of {@code shape} with weights drawn from {@code seed} (normal, scaled by one
   * over the square root of a row's length; norms 1) to {@code target}, replacing it atomically.
   * The same shape and seed give the same bytes.
   *
   * @return the number of parameters written
   * @throws UncheckedIOException when the file cannot be written
   */
  public static long write(Path target, SyntheticShape shape, long seed) {
    Path absolute = target.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
      try {
        long parameters = writeTo(temp, shape, seed);
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return parameters;
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the synthetic model to " + absolute, e);
    }
  }

  /** The tensors of {@code shape} over a vocabulary of {@code vocab} tokens, in file order. */
  public static List<TensorSpec> tensors(SyntheticShape shape, int vocab) {
    int embd = shape.embedding();
    int kv = shape.kvHeads() * shape.headDim();
    int ffn = shape.feedForward();
    GgmlType type = shape.type();
    List<TensorSpec> specs = new ArrayList<>();
    specs.add(TensorSpec.of("token_embd.weight", type, embd, vocab));
    for (int layer = 0; layer < shape.layers(); layer++) {
      String blk = "blk." + layer + ".";
      specs.add(TensorSpec.of(blk + "attn_norm.weight", GgmlType.F32, embd));
      specs.add(TensorSpec.of(blk + "attn_q.weight", type, embd, embd));
      specs.add(TensorSpec.of(blk + "attn_k.weight", type, embd, kv));
      specs.add(TensorSpec.of(blk + "attn_v.weight", type, embd, kv));
      specs.add(TensorSpec.of(blk + "attn_output.weight", type, embd, embd));
      specs.add(TensorSpec.of(blk + "ffn_norm.weight", GgmlType.F32, embd));
      specs.add(TensorSpec.of(blk + "ffn_gate.weight", type, embd, ffn));
      specs.add(TensorSpec.of(blk + "ffn_up.weight", type, embd, ffn));
      specs.add(TensorSpec.of(blk + "ffn_down.weight", type, ffn, embd));
    }
    specs.add(TensorSpec.of("output_norm.weight", GgmlType.F32, embd));
    specs.add(TensorSpec.of("output.weight", type, embd, vocab));
    return specs;
  }

  /** The number of weights in {@code tensors}. */
  public static long parameters(List<TensorSpec> tensors) {
    return tensors.stream().mapToLong(SyntheticModel::count).sum();
  }

  /** The metadata of {@code shape}: the tiny model's, with the shape's hyperparameters. */
  public static GgufMetadata metadata(SyntheticShape shape) {
    GgufMetadata tiny = TinyModel.metadata();
    GgufMetadata.Builder metadata = GgufMetadata.builder();
    tiny.asMap()
        .forEach(
            (key, value) -> {
              if (!SHAPE_KEYS.contains(key)) {
                metadata.put(key, value);
              }
            });
    return metadata
        .string("general.name", "samovar synthetic " + shape.name() + " model")
        .u32("general.file_type", shape.type() == GgmlType.F16 ? 1 : 7)
        .u32("llama.embedding_length", shape.embedding())
        .u32("llama.block_count", shape.layers())
        .u32("llama.feed_forward_length", shape.feedForward())
        .u32("llama.attention.head_count", shape.heads())
        .u32("llama.attention.head_count_kv", shape.kvHeads())
        .u32("llama.rope.dimension_count", shape.headDim())
        .build();
  }

  private static long writeTo(Path path, SyntheticShape shape, long seed) throws IOException {
    GgufMetadata metadata = metadata(shape);
    List<TensorSpec> specs = tensors(shape, metadata.strings("tokenizer.ggml.tokens").size());
    SplittableRandom random = new SplittableRandom(seed);
    try (GgufWriter writer = GgufWriter.create(path, metadata, specs)) {
      for (TensorSpec spec : specs) {
        int row = (int) spec.ne()[0];
        long count = count(spec);
        boolean norm = spec.name().endsWith("norm.weight");
        double scale = 1 / Math.sqrt(row);
        float[] values = new float[(int) Math.min(count, (long) row * CHUNK_ROWS)];
        writer.beginTensor(spec.name());
        for (long done = 0; done < count; done += values.length) {
          int length = (int) Math.min(values.length, count - done);
          for (int i = 0; i < length; i++) {
            values[i] = norm ? 1f : (float) (random.nextGaussian() * scale);
          }
          writer.putFloats(values, 0, length);
        }
        writer.endTensor();
      }
    }
    return parameters(specs);
  }

  private static long count(TensorSpec spec) {
    long count = 1;
    for (long n : spec.ne()) {
      count *= n;
    }
    return count;
  }
}
