package dev.samovar.models.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Reads little-endian fields from a file channel through a buffer, checking every length against
 * the bytes left in the file before it reads or allocates anything.
 */
final class GgufInput {
  private static final int BUFFER_SIZE = 1 << 16;

  private final FileChannel channel;
  private final long size;
  private final ByteBuffer buffer;
  private long bufferStart;

  GgufInput(FileChannel channel, long size) {
    this.channel = channel;
    this.size = size;
    this.buffer =
        ByteBuffer.allocate((int) Math.clamp(size, Long.BYTES, BUFFER_SIZE))
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer.limit(0);
  }

  long position() {
    return bufferStart + buffer.position();
  }

  long size() {
    return size;
  }

  long remaining() {
    return size - position();
  }

  /** Fails unless {@code n} more bytes are in the file. */
  void require(long n, String what) {
    if (n > remaining()) {
      throw new GgufFormatException(
          "truncated at offset "
              + position()
              + " while reading "
              + what
              + ": "
              + n
              + " bytes needed, "
              + remaining()
              + " left");
    }
  }

  int u8(String what) throws IOException {
    fill(1, what);
    return buffer.get() & 0xFF;
  }

  short i16(String what) throws IOException {
    fill(2, what);
    return buffer.getShort();
  }

  int i32(String what) throws IOException {
    fill(4, what);
    return buffer.getInt();
  }

  long u32(String what) throws IOException {
    return i32(what) & 0xFFFF_FFFFL;
  }

  long i64(String what) throws IOException {
    fill(8, what);
    return buffer.getLong();
  }

  /** A UINT64 count or length; values of 2^63 and more are reported as not fitting the file. */
  long count(String what, long minBytesEach) throws IOException {
    long at = position();
    long count = i64(what);
    if (count < 0 || (minBytesEach > 0 && count > remaining() / minBytesEach)) {
      throw new GgufFormatException(
          what
              + " at offset "
              + at
              + " is "
              + Long.toUnsignedString(count)
              + ", more than the remaining "
              + remaining()
              + " bytes can hold");
    }
    return count;
  }

  float f32(String what) throws IOException {
    fill(4, what);
    return buffer.getFloat();
  }

  double f64(String what) throws IOException {
    fill(8, what);
    return buffer.getDouble();
  }

  /** A UINT64 byte length, then that many bytes of strict UTF-8. */
  String string(Supplier<String> what) throws IOException {
    if (remaining() < 8) {
      require(8, what.get());
    }
    long at = position();
    long length = i64("string length");
    if (length < 0 || length > remaining()) {
      throw new GgufFormatException(
          "string length "
              + Long.toUnsignedString(length)
              + " of "
              + what.get()
              + " at offset "
              + at
              + " exceeds the remaining "
              + remaining()
              + " bytes");
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new GgufFormatException(
          "string length " + length + " of " + what.get() + " at offset " + at + " is too long");
    }
    byte[] bytes = new byte[(int) length];
    readFully(bytes, what);
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') >= 0) {
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
      } catch (CharacterCodingException e) {
        throw new GgufFormatException(
            what.get() + " at offset " + (at + 8) + " is not valid UTF-8", e);
      }
    }
    return text;
  }

  private void readFully(byte[] target, Supplier<String> what) throws IOException {
    int copied = Math.min(buffer.remaining(), target.length);
    buffer.get(target, 0, copied);
    if (copied == target.length) {
      return;
    }
    ByteBuffer rest = ByteBuffer.wrap(target, copied, target.length - copied);
    long offset = position();
    while (rest.hasRemaining()) {
      int n = channel.read(rest, offset);
      if (n < 0) {
        throw new GgufFormatException(
            "file shrank to " + offset + " bytes while reading " + what.get());
      }
      offset += n;
    }
    bufferStart = offset;
    buffer.limit(0);
  }

  private void fill(int n, String what) throws IOException {
    if (buffer.remaining() >= n) {
      return;
    }
    require(n, what);
    long position = position();
    buffer.compact();
    bufferStart = position;
    while (buffer.position() < n) {
      long from = bufferStart + buffer.position();
      if (from >= size) {
        break;
      }
      int read = channel.read(buffer, from);
      if (read < 0) {
        break;
      }
    }
    buffer.flip();
    if (buffer.remaining() < n) {
      throw new GgufFormatException("file shrank while reading " + what + " at offset " + position);
    }
  }
}
