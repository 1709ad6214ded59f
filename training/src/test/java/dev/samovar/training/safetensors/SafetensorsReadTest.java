package dev.samovar.training.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors files made byte by byte: values of every float dtype, and every header check. */
class SafetensorsReadTest {
  @TempDir Path dir;

  private Path file(String name, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer bytes =
        ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(json.length).put(json).put(data);
    Path path = dir.resolve(name);
    Files.write(path, bytes.array());
    return path;
  }

  private static byte[] le(int bytes, Consumer<ByteBuffer> fill) {
    ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(buffer);
    return buffer.array();
  }

  @Test
  void readsEveryFloatDtypeExactly() throws IOException {
    byte[] data =
        le(
            8 + 6 + 4 + 8,
            b ->
                b.putFloat(1.5f)
                    .putFloat(-2.25f)
                    .putShort((short) 0x3F80)
                    .putShort((short) 0xC2F7)
                    .putShort((short) 0x0001)
                    .putShort((short) 0x3C00)
                    .putShort((short) 0x7BFF)
                    .putDouble(0.1));
    Path path =
        file(
            "all.safetensors",
            "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"f32\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[1,3],\"data_offsets\":[8,14]},"
                + "\"f16\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[14,18]},"
                + "\"f64\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[18,26]}}",
            data);
    try (Checkpoint checkpoint = Checkpoint.openFile(path)) {
      assertThat(checkpoint.names()).containsExactly("f32", "bf16", "f16", "f64");
      assertThat(checkpoint.readAll(checkpoint.find("f32").orElseThrow()))
          .containsExactly(1.5f, -2.25f);
      TensorEntry bf16 = checkpoint.find("bf16").orElseThrow();
      assertThat(bf16.rows()).isEqualTo(1);
      assertThat(bf16.columns()).isEqualTo(3);
      assertThat(checkpoint.readAll(bf16)).containsExactly(1f, -123.5f, 9.18355e-41f);
      assertThat(checkpoint.readAll(checkpoint.find("f16").orElseThrow()))
          .containsExactly(1f, 65504f);
      double[] f64 = new double[1];
      checkpoint.read(checkpoint.find("f64").orElseThrow(), 0, f64, 0, 1);
      assertThat(f64).containsExactly(0.1);
      assertThat(checkpoint.readAll(checkpoint.find("f64").orElseThrow())).containsExactly(0.1f);
      float[] part = new float[2];
      checkpoint.read(bf16, 1, part, 0, 2);
      assertThat(part).containsExactly(-123.5f, 9.18355e-41f);
    }
  }

  @Test
  void headerChecksNameTheFileAndTheProblem() throws IOException {
    byte[] sixteen = new byte[16];
    assertProblem(
        file(
            "overlap",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            sixteen),
        "has overlapping tensors: 'b' begins at byte 4 of the data, before the previous tensor"
            + " ends at 8");
    assertProblem(
        file(
            "hole",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}",
            sixteen),
        "has a hole in its data: bytes 4 to 8 belong to no tensor (before 'b')");
    assertProblem(
        file("tail", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", sixteen),
        "has 4 bytes after its last tensor that no tensor uses");
    assertProblem(
        file("short", "{\"a\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,20]}}", sixteen),
        "is truncated: its tensors need 20 bytes of data, the file has 16");
    assertProblem(
        file(
            "size", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", sixteen),
        "gives tensor 'a' (F32[2, 2], 16 bytes) a byte range of 12 bytes");
    assertProblem(
        file("dtype", "{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,16]}}", sixteen),
        "gives tensor 'a' the unknown dtype 'Q7'");
    assertProblem(
        file(
            "shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}", sixteen),
        "gives tensor 'a' shape element -4, not a size");
    assertProblem(
        file("offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4]}}", sixteen),
        "gives tensor 'a' no valid data_offsets (2 integers)");
    assertProblem(file("json", "{\"a\":", sixteen), "has a header that is not valid JSON: ");
    assertProblem(
        file("meta", "{\"__metadata__\":{\"n\":1}}", new byte[0]),
        "has __metadata__ value 'n' that is not a string");

    Path huge = dir.resolve("huge");
    Files.write(huge, le(16, b -> b.putLong(200_000_000L).putLong(0)));
    assertProblem(huge, "has a header length of 200000000 bytes (at most 100000000 allowed)");
    Path cut = dir.resolve("cut");
    Files.write(cut, le(16, b -> b.putLong(100).putLong(0)));
    assertProblem(cut, "is truncated: its header needs 100 bytes, the file has 8 after the length");
    Path tiny = dir.resolve("tiny");
    Files.write(tiny, new byte[3]);
    assertProblem(tiny, "has 3 bytes, fewer than the 8 of its header length");
  }

  private static void assertProblem(Path file, String problem) {
    assertThatThrownBy(() -> Checkpoint.openFile(file).close())
        .isInstanceOf(TrainingException.class)
        .hasMessageStartingWith("safetensors file " + file + " " + problem);
  }

  @Test
  void shardedDirectoriesMustMatchTheirIndex() throws IOException {
    Path model = dir.resolve("model");
    Files.createDirectories(model);
    write(model.resolve("a.safetensors"), "x", "y");
    write(model.resolve("b.safetensors"), "z");
    index(model, Map.of("x", "a.safetensors", "y", "a.safetensors", "z", "b.safetensors"));
    try (Checkpoint checkpoint = Checkpoint.openDirectory(model)) {
      assertThat(checkpoint.names()).containsExactlyInAnyOrder("x", "y", "z");
      assertThat(checkpoint.files()).hasSize(2);
    }
    index(model, Map.of("x", "a.safetensors", "z", "b.safetensors"));
    assertThatThrownBy(() -> Checkpoint.openDirectory(model))
        .hasMessage(
            "shard "
                + model.toAbsolutePath().resolve("a.safetensors")
                + " holds tensor 'y', which model.safetensors.index.json does not list");
    index(model, Map.of("x", "a.safetensors", "y", "b.safetensors", "z", "b.safetensors"));
    assertThatThrownBy(() -> Checkpoint.openDirectory(model))
        .hasMessage(
            "model.safetensors.index.json places tensor 'y' in b.safetensors, but it is in"
                + " a.safetensors");
    index(
        model,
        Map.of(
            "x",
            "a.safetensors",
            "y",
            "a.safetensors",
            "z",
            "b.safetensors",
            "w",
            "b.safetensors"));
    assertThatThrownBy(() -> Checkpoint.openDirectory(model))
        .hasMessage(
            "model.safetensors.index.json lists tensor 'w' in b.safetensors, which lacks it");
    index(model, Map.of("x", "../a.safetensors"));
    assertThatThrownBy(() -> Checkpoint.openDirectory(model))
        .hasMessageEndingWith("maps 'x' to \"../a.safetensors\", not a file name");

    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    Files.write(bin.resolve("pytorch_model.bin"), new byte[1]);
    assertThatThrownBy(() -> Checkpoint.openDirectory(bin))
        .hasMessage(
            bin.toAbsolutePath() + " holds PyTorch .bin weights; samovar reads safetensors only");
  }

  private static void write(Path file, String... names) throws IOException {
    List<TensorLayout> layouts =
        Arrays.stream(names).map(n -> new TensorLayout(n, Dtype.F32, new long[] {2})).toList();
    try (SafetensorsWriter writer = SafetensorsWriter.create(file, layouts, Map.of())) {
      for (String name : names) {
        writer.beginTensor(name);
        writer.put(ByteBuffer.wrap(new byte[8]));
        writer.endTensor();
      }
    }
  }

  private static void index(Path model, Map<String, String> weightMap) throws IOException {
    StringBuilder json = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
    weightMap.forEach((k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
    json.setLength(json.length() - 1);
    json.append("}}");
    Files.writeString(model.resolve(Checkpoint.INDEX_FILE), json);
  }

  @Test
  void writtenHeadersArePaddedToEightBytesAndReadBack() throws IOException {
    Path file = dir.resolve("written.safetensors");
    write(file, "abc");
    byte[] bytes = Files.readAllBytes(file);
    long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(length % 8).isZero();
    assertThat(bytes).hasSize((int) (8 + length + 8));
    assertThat(new String(bytes, 8, (int) length, StandardCharsets.UTF_8))
        .startsWith("{\"abc\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
  }
}
