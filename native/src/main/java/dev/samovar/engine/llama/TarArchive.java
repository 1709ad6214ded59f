package dev.samovar.engine.llama;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files of a gzip-compressed ustar archive (what {@code npm pack} writes): the
 * 512-byte headers, the ustar name prefix, and nothing else (links, long-name extensions and
 * folders are skipped).
 */
final class TarArchive {
  private static final int BLOCK = 512;

  private TarArchive() {}

  /**
   * Writes each regular file for which {@code target} gives a path (null skips it) and returns the
   * paths written.
   *
   * @throws IOException on a truncated or malformed archive, or a failed write
   */
  static List<Path> extract(InputStream gzip, Function<String, Path> target) throws IOException {
    List<Path> written = new ArrayList<>();
    InputStream in = new GZIPInputStream(gzip, 1 << 16);
    byte[] header = new byte[BLOCK];
    while (true) {
      if (!readBlock(in, header)) {
        return written;
      }
      if (isZero(header)) {
        return written;
      }
      long size = octal(header, 124, 12);
      byte type = header[156];
      String name = text(header, 0, 100);
      if (text(header, 257, 5).equals("ustar")) {
        String prefix = text(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
      }
      Path path = (type == '0' || type == 0) ? target.apply(name) : null;
      if (path == null) {
        skip(in, padded(size));
        continue;
      }
      Files.createDirectories(path.getParent());
      try (OutputStream out = Files.newOutputStream(path)) {
        copy(in, out, size);
      }
      skip(in, padded(size) - size);
      written.add(path);
    }
  }

  private static boolean readBlock(InputStream in, byte[] block) throws IOException {
    int read = in.readNBytes(block, 0, BLOCK);
    if (read == 0) {
      return false;
    }
    if (read < BLOCK) {
      throw new EOFException("truncated tar header");
    }
    return true;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static long octal(byte[] header, int offset, int length) throws IOException {
    String field = text(header, offset, length).strip();
    try {
      return field.isEmpty() ? 0 : Long.parseLong(field, 8);
    } catch (NumberFormatException e) {
      throw new IOException("malformed tar header: size '" + field + "'", e);
    }
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long padded(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new EOFException("truncated tar entry");
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("truncated tar entry");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }
}
