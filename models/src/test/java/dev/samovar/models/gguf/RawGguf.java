package dev.samovar.models.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds GGUF bytes field by field, little-endian, so that tests can write malformed files. */
final class RawGguf {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Magic, version, tensor count and metadata entry count. */
  static RawGguf header(int version, long tensors, long entries) {
    return new RawGguf().u32(0x46554747).u32(version).u64(tensors).u64(entries);
  }

  RawGguf u8(int v) {
    bytes.write(v);
    return this;
  }

  RawGguf u32(long v) {
    return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v));
  }

  RawGguf u64(long v) {
    return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v));
  }

  RawGguf string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u64(b.length);
    bytes.writeBytes(b);
    return this;
  }

  RawGguf raw(byte... b) {
    bytes.writeBytes(b);
    return this;
  }

  /** Zero bytes up to a multiple of {@code alignment}. */
  RawGguf pad(int alignment) {
    while (bytes.size() % alignment != 0) {
      bytes.write(0);
    }
    return this;
  }

  int size() {
    return bytes.size();
  }

  byte[] bytes() {
    return bytes.toByteArray();
  }

  private RawGguf put(ByteBuffer b) {
    bytes.writeBytes(b.array());
    return this;
  }
}
