package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {
  @TempDir Path dir;

  private static GgufMetadata everyType() {
    return GgufMetadata.builder()
        .put("u8", GgufValue.u8(255))
        .put("i8", GgufValue.i8((byte) -128))
        .put("u16", GgufValue.u16(65535))
        .put("i16", GgufValue.i16((short) -32768))
        .put("u32", GgufValue.u32(0xFFFF_FFFFL))
        .put("i32", GgufValue.i32(Integer.MIN_VALUE))
        .put("f32", GgufValue.f32(-1.5e-7f))
        .put("bool.true", GgufValue.bool(true))
        .put("bool.false", GgufValue.bool(false))
        .put("string", GgufValue.string("чай 🫖 tea"))
        .put("string.empty", GgufValue.string(""))
        .put("u64", GgufValue.u64(-1L))
        .put("i64", GgufValue.i64(Long.MIN_VALUE))
        .put("f64", GgufValue.f64(Math.PI))
        .put("array.u8", array(GgufValueType.UINT8, GgufValue.u8(0), GgufValue.u8(200)))
        .put("array.i8", array(GgufValueType.INT8, GgufValue.i8((byte) -1)))
        .put("array.u16", array(GgufValueType.UINT16, GgufValue.u16(7)))
        .put("array.i16", array(GgufValueType.INT16, GgufValue.i16((short) -7)))
        .put("array.u32", array(GgufValueType.UINT32, GgufValue.u32(4_000_000_000L)))
        .put("array.i32", GgufValue.i32s(1, -2, 3))
        .put("array.f32", array(GgufValueType.FLOAT32, GgufValue.f32(0.25f), GgufValue.f32(-0f)))
        .put("array.bool", array(GgufValueType.BOOL, GgufValue.bool(true), GgufValue.bool(false)))
        .put("array.string", GgufValue.strings(List.of("Ġпривет", "", "😀")))
        .put("array.u64", array(GgufValueType.UINT64, GgufValue.u64(Long.MAX_VALUE)))
        .put("array.i64", array(GgufValueType.INT64, GgufValue.i64(-5)))
        .put("array.f64", array(GgufValueType.FLOAT64, GgufValue.f64(1e300)))
        .put("array.empty", array(GgufValueType.STRING))
        .build();
  }

  private static GgufValue array(GgufValueType type, GgufValue... values) {
    return new GgufValue.Array(type, List.of(values));
  }

  @Test
  void metadataOfEveryTypeAndTensorsComeBackUnchanged() throws IOException {
    Path file = dir.resolve("all.gguf");
    float[] a = {1, -2.5f, 3.25f, Float.MIN_VALUE, Float.MAX_VALUE, -0f};
    float[] b = {0.1f, 65504, -1e-4f, 70000};
    byte[] q8 = new byte[34];
    for (int i = 0; i < q8.length; i++) {
      q8[i] = (byte) (i * 7);
    }
    List<TensorSpec> specs =
        List.of(
            TensorSpec.of("a", GgmlType.F32, 3, 2),
            TensorSpec.of("b.half", GgmlType.F16, 4),
            TensorSpec.of("c.q8", GgmlType.Q8_0, 32),
            TensorSpec.of("d.bf16", GgmlType.BF16, 2, 1, 1, 2));
    try (GgufWriter writer = GgufWriter.create(file, everyType(), specs)) {
      writer.writeTensor("a", a);
      writer.writeTensor("b.half", b);
      writer.writeTensor("c.q8", ByteBuffer.wrap(q8));
      writer.beginTensor("d.bf16");
      writer.putFloats(new float[] {1, 1.00390625f}, 0, 2);
      writer.putFloats(new float[] {9, -3.0078125f, 5}, 1, 2);
      writer.endTensor();
    }

    GgufFile gguf = GgufFile.read(file);
    assertThat(gguf.version()).isEqualTo(3);
    assertThat(gguf.metadata()).isEqualTo(everyType());
    assertThat(List.copyOf(gguf.metadata().keys())).isEqualTo(List.copyOf(everyType().keys()));
    assertThat(gguf.alignment()).isEqualTo(32);

    assertThat(gguf.tensors())
        .containsExactly(
            new TensorInfo("a", new long[] {3, 2}, GgmlType.F32, 0, 24),
            new TensorInfo("b.half", new long[] {4}, GgmlType.F16, 32, 8),
            new TensorInfo("c.q8", new long[] {32}, GgmlType.Q8_0, 64, 34),
            new TensorInfo("d.bf16", new long[] {2, 1, 1, 2}, GgmlType.BF16, 128, 8));
    assertThat(gguf.dataOffset() % 32).isZero();
    assertThat(gguf.tensors().get(3).elementCount()).isEqualTo(4);
    assertThat(Files.size(file)).isEqualTo(gguf.dataOffset() + 128 + 32);

    assertThat(floats(gguf, "a")).containsExactly(a);
    ByteBuffer half = gguf.readTensor(gguf.tensor("b.half").orElseThrow());
    assertThat(Float.float16ToFloat(half.getShort(0))).isEqualTo(0.099975586f);
    assertThat(Float.float16ToFloat(half.getShort(2))).isEqualTo(65504f);
    assertThat(half.getShort(6)).isEqualTo((short) 0x7C00);
    byte[] q8Back = new byte[34];
    gguf.readTensor(gguf.tensor("c.q8").orElseThrow()).get(q8Back);
    assertThat(q8Back).isEqualTo(q8);
    ByteBuffer bf16 = gguf.readTensor(gguf.tensor("d.bf16").orElseThrow());
    assertThat(new short[] {bf16.getShort(0), bf16.getShort(2), bf16.getShort(4), bf16.getShort(6)})
        .containsExactly((short) 0x3F80, (short) 0x3F80, (short) 0xC040, (short) 0x40A0);
  }

  @Test
  void headerBytesAndPaddingFollowTheSpecExactly() throws IOException {
    Path file = dir.resolve("tiny.gguf");
    GgufMetadata metadata = GgufMetadata.builder().put("k", GgufValue.u8(7)).build();
    try (GgufWriter writer =
        GgufWriter.create(file, metadata, List.of(TensorSpec.of("t", GgmlType.F32, 1)))) {
      writer.writeTensor("t", new float[] {2});
    }
    RawGguf expected =
        RawGguf.header(3, 1, 1)
            .string("k")
            .u32(0)
            .u8(7)
            .string("t")
            .u32(1)
            .u64(1)
            .u32(0)
            .u64(0)
            .pad(32)
            .raw((byte) 0, (byte) 0, (byte) 0, (byte) 0x40)
            .pad(32);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.bytes());
    assertThat(GgufFile.read(file).dataOffset()).isEqualTo(96);
  }

  @Test
  void generalAlignmentSetsTheAlignmentOfDataAndOffsets() throws IOException {
    Path file = dir.resolve("aligned.gguf");
    GgufMetadata metadata = GgufMetadata.builder().u32("general.alignment", 64).build();
    List<TensorSpec> specs =
        List.of(TensorSpec.of("x", GgmlType.F32, 5), TensorSpec.of("y", GgmlType.F16, 3));
    try (GgufWriter writer = GgufWriter.create(file, metadata, specs)) {
      writer.writeTensor("x", new float[5]);
      writer.writeTensor("y", new float[] {1, 2, 3});
    }
    GgufFile gguf = GgufFile.read(file);
    assertThat(gguf.alignment()).isEqualTo(64);
    assertThat(gguf.dataOffset()).isEqualTo(128);
    assertThat(gguf.tensors().get(1).offset()).isEqualTo(64);
    assertThat(Files.size(file)).isEqualTo(128 + 64 + 64);
  }

  @Test
  void writerRejectsMisuseWithPreciseMessages() throws IOException {
    Path file = dir.resolve("misuse.gguf");
    GgufMetadata none = GgufMetadata.builder().build();
    List<TensorSpec> specs =
        List.of(
            TensorSpec.of("first", GgmlType.F32, 2), TensorSpec.of("second", GgmlType.Q5_0, 32));
    GgufWriter writer = GgufWriter.create(file, none, specs);
    assertThatThrownBy(() -> writer.beginTensor("second"))
        .hasMessage("tensor 0 is 'first', not 'second'");
    writer.beginTensor("first");
    assertThatThrownBy(() -> writer.putFloats(new float[3], 0, 3))
        .hasMessage("tensor 'first' has 8 bytes left, not 12");
    writer.putFloats(new float[1], 0, 1);
    assertThatThrownBy(writer::endTensor).hasMessage("tensor 'first' got 4 of its 8 bytes");
    writer.putFloats(new float[1], 0, 1);
    writer.endTensor();
    writer.beginTensor("second");
    assertThatThrownBy(() -> writer.putFloats(new float[32], 0, 32))
        .hasMessage(
            "tensor 'second' has type Q5_0, which samovar cannot encode; write its encoded bytes"
                + " with putBytes");
    assertThatThrownBy(writer::close)
        .hasMessage(file + " is incomplete: 1 of 2 tensors written, next was 'second'");

    assertThatThrownBy(() -> GgufWriter.create(file, none, List.of(specs.get(0), specs.get(0))))
        .hasMessage("duplicate tensor name 'first'");
    assertThatThrownBy(() -> TensorSpec.of("q", GgmlType.Q8_0, 48, 2))
        .hasMessage("tensor 'q' of type Q8_0 has ne[0] = 48, not a multiple of its block size 32");
    assertThatThrownBy(() -> TensorSpec.of("x".repeat(64), GgmlType.F32, 1))
        .hasMessageEndingWith("has 64 bytes, at most 63 allowed");
    assertThatThrownBy(() -> TensorSpec.of("five", GgmlType.F32, 1, 1, 1, 1, 1))
        .hasMessage("tensor 'five' has 5 dimensions, expected 1 to 4");
    assertThatThrownBy(
            () ->
                GgufWriter.create(
                    file, GgufMetadata.builder().u32("general.alignment", 48).build(), List.of()))
        .hasMessage("general.alignment is 48, not a power of two");
  }

  @Test
  void typedGettersNameTheKeyAndTheTypes() {
    GgufMetadata metadata = everyType();
    assertThat(metadata.u32("u32")).isEqualTo(0xFFFF_FFFFL);
    assertThat(metadata.i32("i32")).isEqualTo(Integer.MIN_VALUE);
    assertThat(metadata.f32("f32")).isEqualTo(-1.5e-7f);
    assertThat(metadata.bool("bool.true")).isTrue();
    assertThat(metadata.string("string")).isEqualTo("чай 🫖 tea");
    assertThat(metadata.strings("array.string")).containsExactly("Ġпривет", "", "😀");
    assertThat(metadata.i32s("array.i32")).containsExactly(1, -2, 3);
    assertThat(metadata.optionalString("missing")).isEmpty();
    assertThat(metadata.optionalU32("u32")).hasValue(0xFFFF_FFFFL);
    assertThatThrownBy(() -> metadata.u32("i32"))
        .isInstanceOf(GgufFormatException.class)
        .hasMessage("metadata key 'i32' has type INT32, expected UINT32");
    assertThatThrownBy(() -> metadata.string("missing"))
        .isInstanceOf(GgufFormatException.class)
        .hasMessage("missing metadata key 'missing'");
    assertThatThrownBy(() -> metadata.i32s("array.u32"))
        .isInstanceOf(GgufFormatException.class)
        .hasMessage("array has elements of type UINT32, expected INT32");
    assertThatThrownBy(() -> GgufValue.u32(-1)).hasMessage("-1 is out of range for UINT32");
    assertThatThrownBy(() -> new GgufValue.Real(GgufValueType.FLOAT32, 0.1))
        .hasMessage("0.1 is not exactly a FLOAT32");
  }

  private static float[] floats(GgufFile gguf, String name) throws IOException {
    ByteBuffer data = gguf.readTensor(gguf.tensor(name).orElseThrow());
    assertThat(data.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[data.remaining() / 4];
    data.asFloatBuffer().get(values);
    return values;
  }
}
