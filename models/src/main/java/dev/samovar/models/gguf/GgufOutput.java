package dev.samovar.models.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Writes little-endian fields to a channel through a buffer and counts the bytes written (from a
 * given start offset).
 */
final class GgufOutput {
  private static final int BUFFER_SIZE = 1 << 16;

  private final WritableByteChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  private long written;

  GgufOutput(WritableByteChannel channel) {
    this(channel, 0);
  }

  /** Output whose first byte goes to file offset {@code start}. */
  GgufOutput(WritableByteChannel channel, long start) {
    this.channel = channel;
    this.written = start;
  }

  /** Bytes written so far, i.e. the file offset of the next byte. */
  long position() {
    return written + buffer.position();
  }

  void u8(int value) throws IOException {
    room(1).put((byte) value);
  }

  void i16(short value) throws IOException {
    room(2).putShort(value);
  }

  void i32(int value) throws IOException {
    room(4).putInt(value);
  }

  void i64(long value) throws IOException {
    room(8).putLong(value);
  }

  void f32(float value) throws IOException {
    room(4).putFloat(value);
  }

  void f64(double value) throws IOException {
    room(8).putDouble(value);
  }

  /** UINT64 byte length, then the UTF-8 bytes. */
  void string(String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    i64(bytes.length);
    bytes(ByteBuffer.wrap(bytes));
  }

  void bytes(ByteBuffer data) throws IOException {
    while (data.hasRemaining()) {
      if (!buffer.hasRemaining()) {
        flush();
      }
      int n = Math.min(buffer.remaining(), data.remaining());
      buffer.put(buffer.position(), data, data.position(), n);
      buffer.position(buffer.position() + n);
      data.position(data.position() + n);
    }
  }

  /** Zero bytes up to the next multiple of {@code alignment}. */
  void padTo(int alignment) throws IOException {
    long target = GgufReader.pad(position(), alignment);
    while (position() < target) {
      u8(0);
    }
  }

  void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      written += channel.write(buffer);
    }
    buffer.clear();
  }

  private ByteBuffer room(int n) throws IOException {
    if (buffer.remaining() < n) {
      flush();
    }
    return buffer;
  }
}
