package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.TensorCodec;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The block codecs in models write the same bytes as llama.cpp's own quantizer ({@code
 * ggml_quantize_chunk} without an importance matrix, as {@code llama-quantize} calls it) in the
 * library samovar runs, and decode to the same values as its {@code dequantize_row_*}.
 */
class GgmlCodecParityIT {
  private static final int ROW = 4096;
  private static final int ROWS = 16;

  @Test
  void codecsMatchLlamaCppByteForByte() throws Throwable {
    LlamaLibrary library = LlamaLibrary.get();
    Linker linker = Linker.nativeLinker();
    MethodHandle quantize =
        linker.downcallHandle(
            library.find("ggml_quantize_chunk").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS));
    Random random = new Random(5);
    float[] values = new float[ROW * ROWS];
    for (int i = 0; i < values.length; i++) {
      double g = random.nextGaussian();
      values[i] =
          (float)
              switch ((i / ROW) % 4) {
                case 0 -> g * 0.02;
                case 1 -> random.nextInt(100) == 0 ? g * 3 : g * 0.01;
                case 2 -> g * 0.02 + 0.01;
                default -> Math.abs(g) * 1e-3;
              };
    }
    GgmlType[] types = {
      GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.F16, GgmlType.BF16
    };
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment source = arena.allocateFrom(ValueLayout.JAVA_FLOAT, values);
      for (GgmlType type : types) {
        long size = type.byteSize(values.length);
        MemorySegment target = arena.allocate(size);
        long written =
            (long)
                quantize.invokeExact(
                    type.id(), source, target, 0L, (long) ROWS, (long) ROW, MemorySegment.NULL);
        assertThat(written).isEqualTo(size);
        ByteBuffer ours = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        TensorCodec.of(type).orElseThrow().encode(values, 0, values.length, ours);
        assertThat(ours.flip()).as("%s bytes", type).isEqualTo(target.asByteBuffer());
        if (type.blockSize() > 1) {
          MethodHandle dequantize =
              linker.downcallHandle(
                  library
                      .find("dequantize_row_" + type.name().toLowerCase().replace("_k", "_K"))
                      .orElseThrow(),
                  FunctionDescriptor.ofVoid(
                      ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
          MemorySegment decoded = arena.allocate(ValueLayout.JAVA_FLOAT, values.length);
          dequantize.invokeExact(target, decoded, (long) values.length);
          float[] mine = new float[values.length];
          TensorCodec.of(type)
              .orElseThrow()
              .decode(target.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN), mine, 0, mine.length);
          assertThat(mine)
              .as("%s values", type)
              .containsExactly(decoded.toArray(ValueLayout.JAVA_FLOAT));
        }
      }
    }
  }
}
