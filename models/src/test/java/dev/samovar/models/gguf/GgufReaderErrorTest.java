package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderErrorTest {
  @TempDir Path dir;

  private AbstractThrowableAssert<?, ? extends Throwable> assertRead(byte[] bytes)
      throws IOException {
    Path file = Files.write(dir.resolve("bad.gguf"), bytes);
    return assertThatThrownBy(() -> GgufFile.read(file)).isInstanceOf(GgufFormatException.class);
  }

  @Test
  void badMagic() throws IOException {
    assertRead(new RawGguf().u32(0x46554746).u32(3).u64(0).u64(0).bytes())
        .hasMessage("not a GGUF file: bad magic 0x46554746 (expected 'GGUF')");
    assertRead("PK\u0003\u0004 not gguf at all".getBytes())
        .hasMessage("not a GGUF file: bad magic 0x04034B50 (expected 'GGUF')");
  }

  @Test
  void versionsOtherThanThreeAreRefused() throws IOException {
    assertRead(RawGguf.header(2, 0, 0).bytes())
        .hasMessage("unsupported GGUF version 2 (supported: 3)");
    assertRead(RawGguf.header(4, 0, 0).bytes())
        .hasMessage("unsupported GGUF version 4 (supported: 3)");
  }

  @Test
  void truncationNamesTheOffsetAndTheField() throws IOException {
    assertRead(new byte[] {'G', 'G'})
        .hasMessage("truncated at offset 0 while reading the magic: 4 bytes needed, 2 left");
    assertRead(new RawGguf().u32(0x46554747).u8(3).bytes())
        .hasMessage("truncated at offset 4 while reading the version: 4 bytes needed, 1 left");
    byte[] oneEntry = RawGguf.header(3, 0, 1).string("general.name").u32(8).string("tiny").bytes();
    assertRead(Arrays.copyOf(oneEntry, oneEntry.length - 2))
        .hasMessage(
            "string length 4 of the value of metadata key 'general.name' at offset 48 exceeds"
                + " the remaining 2 bytes");
    assertRead(Arrays.copyOf(oneEntry, 46))
        .hasMessage(
            "truncated at offset 44 while reading the type of metadata key 'general.name':"
                + " 4 bytes needed, 2 left");
    byte[] tensor = RawGguf.header(3, 1, 0).string("t").u32(2).u64(4).u64(2).u32(0).u64(0).bytes();
    assertRead(Arrays.copyOf(tensor, tensor.length - 3))
        .hasMessage(
            "truncated at offset 57 while reading the data offset of tensor 't':"
                + " 8 bytes needed, 5 left");
  }

  @Test
  void hugeLengthsAndCountsFailBeforeAnythingIsAllocated() throws IOException {
    assertRead(RawGguf.header(3, 0, 1).u64(1L << 62).raw(new byte[16]).bytes())
        .hasMessage(
            "string length 4611686018427387904 of the key of metadata entry 0 at offset 24"
                + " exceeds the remaining 16 bytes");
    assertRead(RawGguf.header(3, 0, 1).u64(-1).raw(new byte[8]).bytes())
        .hasMessage(
            "string length 18446744073709551615 of the key of metadata entry 0 at offset 24"
                + " exceeds the remaining 8 bytes");
    assertRead(
            RawGguf.header(3, 0, 1)
                .string("a")
                .u32(9)
                .u32(4)
                .u64(1L << 40)
                .raw(new byte[64])
                .bytes())
        .hasMessage(
            "the element count of array 'a' at offset 41 is 1099511627776, more than the"
                + " remaining 64 bytes can hold");
    assertRead(RawGguf.header(3, 0, 1).string("a").u32(9).u32(8).u64(9).raw(new byte[64]).bytes())
        .hasMessage(
            "the element count of array 'a' at offset 41 is 9, more than the remaining 64 bytes"
                + " can hold");
    assertRead(RawGguf.header(3, 0, Long.MAX_VALUE).raw(new byte[100]).bytes())
        .hasMessage(
            "the metadata entry count at offset 16 is 9223372036854775807, more than the"
                + " remaining 100 bytes can hold");
    assertRead(RawGguf.header(3, 1L << 40, 0).raw(new byte[100]).bytes())
        .hasMessage(
            "the tensor count at offset 8 is 1099511627776, more than the remaining 108 bytes"
                + " can hold");
  }

  @Test
  void unknownTypesAndMalformedValues() throws IOException {
    assertRead(RawGguf.header(3, 0, 1).string("k").u32(13).u32(0).bytes())
        .hasMessage("unknown metadata value type 13 of key 'k'");
    assertRead(RawGguf.header(3, 0, 1).string("k").u32(9).u32(99).u64(0).bytes())
        .hasMessage("unknown element type 99 of array 'k'");
    assertRead(RawGguf.header(3, 0, 1).string("k").u32(9).u32(9).u64(0).bytes())
        .hasMessage("array 'k' holds arrays; GGUF arrays do not nest");
    assertRead(RawGguf.header(3, 0, 1).string("k").u32(7).u8(2).bytes())
        .hasMessage("invalid BOOL 2 in the value of metadata key 'k' at offset 37");
    assertRead(RawGguf.header(3, 0, 1).u64(2).raw((byte) 0xC3, (byte) 0x28).u32(0).u8(0).bytes())
        .hasMessage("the key of metadata entry 0 at offset 32 is not valid UTF-8");
    assertRead(RawGguf.header(3, 0, 2).string("k").u32(0).u8(1).string("k").u32(0).u8(2).bytes())
        .hasMessage("duplicate metadata key 'k' at offset 38");
    assertRead(RawGguf.header(3, 0, 1).string("").u32(0).u8(0).bytes())
        .hasMessage("empty key of metadata entry 0 at offset 24");
    assertRead(RawGguf.header(3, 0, 1).string("general.alignment").u32(4).u32(24).bytes())
        .hasMessage("general.alignment is 24, not a power of two");
    assertRead(RawGguf.header(3, 0, 1).string("general.alignment").u32(5).u32(32).bytes())
        .hasMessage("metadata key 'general.alignment' has type INT32, expected UINT32");
  }

  @Test
  void malformedTensorInfos() throws IOException {
    assertRead(tensor("t", new long[] {4}, 99, 0).pad(32).raw(new byte[64]).bytes())
        .hasMessage("unknown ggml type 99 of tensor 't'");
    assertRead(tensor("t", new long[] {1, 1, 1, 1, 1}, 0, 0).pad(32).raw(new byte[64]).bytes())
        .hasMessage("tensor 't' has 5 dimensions, expected 1 to 4");
    assertRead(tensor("t", new long[] {48}, 8, 0).pad(32).raw(new byte[64]).bytes())
        .hasMessage("tensor 't' of type Q8_0 has ne[0] = 48, not a multiple of its block size 32");
    assertRead(tensor("t", new long[] {4}, 0, 32).pad(32).raw(new byte[64]).bytes())
        .hasMessage(
            "tensor 't' has data offset 32, expected 0 (offsets follow tensor order, each padded"
                + " to 32 bytes)");
    assertRead(tensor("t", new long[] {4}, 0, 0).pad(32).raw(new byte[15]).bytes())
        .hasMessage("data of tensor 't' ends at offset 80, beyond the end of the file (79 bytes)");
    assertRead(tensor("t", new long[] {1L << 40, 1L << 30}, 0, 0).pad(32).bytes())
        .hasMessage("tensor 't' of dimensions [1099511627776, 1073741824] is too large");
    assertRead(tensor("t", new long[] {1L << 30, 1L << 10}, 0, 0).pad(32).bytes())
        .hasMessage(
            "data of tensor 't' (4398046511104 bytes at data offset 0) cannot fit in the file"
                + " (96 bytes)");
    byte[] twice =
        RawGguf.header(3, 2, 0)
            .string("t")
            .u32(1)
            .u64(8)
            .u32(0)
            .u64(0)
            .string("t")
            .u32(1)
            .u64(8)
            .u32(0)
            .u64(32)
            .pad(32)
            .raw(new byte[64])
            .bytes();
    assertRead(twice).hasMessage("duplicate tensor name 't'");
  }

  @Test
  void corruptedHeaderBytesGiveAFormatErrorOrAFile() throws IOException {
    Path model = dir.resolve("tiny.gguf");
    TinyModel.write(model);
    byte[] original = Files.readAllBytes(model);
    int headerEnd = (int) GgufFile.read(model).dataOffset();
    Path corrupt = dir.resolve("corrupt.gguf");
    Random random = new Random(7);
    int failures = 0;
    for (int i = 0; i < 400; i++) {
      byte[] header = Arrays.copyOf(original, headerEnd);
      for (int flips = 0; flips < 3; flips++) {
        int at = i < 200 ? random.nextInt(64) : random.nextInt(headerEnd);
        header[at] = (byte) random.nextInt(256);
      }
      Files.write(corrupt, header);
      try (RandomAccessFile file = new RandomAccessFile(corrupt.toFile(), "rw")) {
        file.setLength(original.length);
      }
      try {
        GgufFile.read(corrupt);
      } catch (GgufFormatException e) {
        failures++;
      }
    }
    assertThat(failures).isBetween(100, 399);
  }

  private static RawGguf tensor(String name, long[] ne, int type, long offset) {
    RawGguf raw = RawGguf.header(3, 1, 0).string(name).u32(ne.length);
    for (long n : ne) {
      raw.u64(n);
    }
    return raw.u32(type).u64(offset);
  }

  @Test
  void everyTruncationOfTheTinyModelIsAFormatError() throws IOException {
    Path model = dir.resolve("tiny.gguf");
    TinyModel.write(model);
    byte[] bytes = Files.readAllBytes(model);
    long dataOffset = GgufFile.read(model).dataOffset();
    Path cut = dir.resolve("cut.gguf");
    int checked = 0;
    for (long length = 0;
        length < bytes.length;
        length += length < 256 ? 1 : length < dataOffset + 64 ? 29 : 65537) {
      Files.write(cut, Arrays.copyOf(bytes, (int) length));
      long at = length;
      assertThatThrownBy(() -> GgufFile.read(cut))
          .as("truncated to %d bytes", at)
          .isInstanceOf(GgufFormatException.class)
          .hasMessageFindingMatch(
              "truncated at offset|exceeds the remaining|can hold|cannot fit|beyond the end");
      checked++;
    }
    assertThat(checked).isGreaterThan(900);
    assertThat(GgufFile.read(model).tensors()).hasSize(21);
  }
}
