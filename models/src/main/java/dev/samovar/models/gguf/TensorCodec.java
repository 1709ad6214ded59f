package dev.samovar.models.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Encodes float values to the bytes of a ggml tensor type and decodes them back, a whole number of
 * blocks at a time, with llama.cpp's reference rounding (so that a tensor samovar writes has the
 * values {@code llama-quantize} would give it, up to the last bit of K-quant scale searches that
 * depend on floating-point contraction). Codecs are stateless and thread-safe.
 */
public sealed interface TensorCodec permits FloatCodec, Q8Codec, Q4Codec, Q4KCodec, Q6KCodec {

  /** The type this codec writes. */
  GgmlType type();

  /**
   * Appends the encoding of {@code count} finite values, {@code values[offset]} first, to {@code
   * target} (little-endian, from its position on).
   *
   * @throws IllegalArgumentException when {@code count} is not a whole number of blocks, or a
   *     block's scale does not fit the format (values too large for it)
   */
  void encode(float[] values, int offset, int count, ByteBuffer target);

  /**
   * Decodes {@code count} values (a whole number of blocks) from {@code source}'s position on into
   * {@code values[offset]} and on.
   */
  void decode(ByteBuffer source, float[] values, int offset, int count);

  /** The codec for {@code type}, if samovar has one (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K). */
  static Optional<TensorCodec> of(GgmlType type) {
    return Optional.ofNullable(
        switch (type) {
          case F32 -> FloatCodec.F32;
          case F16 -> FloatCodec.F16;
          case BF16 -> FloatCodec.BF16;
          case Q8_0 -> Q8Codec.INSTANCE;
          case Q4_0 -> Q4Codec.INSTANCE;
          case Q4_K -> Q4KCodec.INSTANCE;
          case Q6_K -> Q6KCodec.INSTANCE;
          default -> null;
        });
  }

  /** Checks the arguments every codec shares. */
  static void checkArguments(GgmlType type, int count, ByteBuffer buffer) {
    if (count < 0 || count % type.blockSize() != 0) {
      throw new IllegalArgumentException(
          count + " values are not a whole number of " + type + " blocks of " + type.blockSize());
    }
    if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("tensor bytes are little-endian; the buffer is not");
    }
  }
}
