package dev.samovar.training.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks the header of a safetensors file: a little-endian u64 length, that many bytes of
 * JSON naming every tensor's dtype, shape and byte range in the data buffer that follows. The
 * ranges must tile the buffer exactly: no overlap, no hole, nothing past its end.
 */
final class SafetensorsHeader {
  /** The largest header the safetensors format allows. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA = "__metadata__";

  private SafetensorsHeader() {}

  /** The tensors of {@code file}, in header order. */
  static List<TensorEntry> read(Path file, FileChannel channel) throws IOException {
    long fileSize = channel.size();
    if (fileSize < 8) {
      throw problem(file, "has " + fileSize + " bytes, fewer than the 8 of its header length");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lengthBytes, 0, file);
    long headerLength = lengthBytes.flip().getLong();
    if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
      throw problem(
          file,
          "has a header length of "
              + Long.toUnsignedString(headerLength)
              + " bytes (at most "
              + MAX_HEADER_BYTES
              + " allowed)");
    }
    if (headerLength > fileSize - 8) {
      throw problem(
          file,
          "is truncated: its header needs "
              + headerLength
              + " bytes, the file has "
              + (fileSize - 8)
              + " after the length");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(channel, headerBytes, 8, file);
    JsonNode header;
    try {
      header = JSON.readTree(headerBytes.array());
    } catch (JacksonException e) {
      throw problem(file, "has a header that is not valid JSON: " + e.getOriginalMessage());
    }
    if (header == null || !header.isObject()) {
      throw problem(file, "has a header that is not a JSON object");
    }
    long dataStart = 8 + headerLength;
    long bufferLength = fileSize - dataStart;
    List<TensorEntry> tensors = new ArrayList<>();
    Map<TensorEntry, long[]> ranges = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : header.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals(METADATA)) {
        checkMetadata(file, value);
        continue;
      }
      TensorEntry tensor = tensor(file, name, value, dataStart, ranges);
      tensors.add(tensor);
    }
    checkTiling(file, ranges, bufferLength);
    return tensors;
  }

  private static TensorEntry tensor(
      Path file, String name, JsonNode value, long dataStart, Map<TensorEntry, long[]> ranges) {
    if (!value.isObject()) {
      throw problem(file, "describes tensor '" + name + "' with " + value + ", not an object");
    }
    JsonNode dtypeNode = value.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw problem(file, "gives tensor '" + name + "' no dtype");
    }
    Dtype dtype =
        Dtype.parse(dtypeNode.asText())
            .orElseThrow(
                () ->
                    problem(
                        file,
                        "gives tensor '"
                            + name
                            + "' the unknown dtype '"
                            + dtypeNode.asText()
                            + "'"));
    long[] shape = longs(file, name, value.get("shape"), "shape", -1);
    long[] offsets = longs(file, name, value.get("data_offsets"), "data_offsets", 2);
    if (offsets[1] < offsets[0]) {
      throw problem(file, "gives tensor '" + name + "' data_offsets that end before they begin");
    }
    long elements = 1;
    long bytes;
    try {
      for (long d : shape) {
        elements = Math.multiplyExact(elements, d);
      }
      bytes = Math.multiplyExact(elements, dtype.size());
    } catch (ArithmeticException e) {
      throw problem(file, "gives tensor '" + name + "' the impossibly large shape " + text(shape));
    }
    if (offsets[1] - offsets[0] != bytes) {
      throw problem(
          file,
          "gives tensor '"
              + name
              + "' ("
              + dtype
              + text(shape)
              + ", "
              + bytes
              + " bytes) a byte range of "
              + (offsets[1] - offsets[0])
              + " bytes");
    }
    TensorEntry tensor = new TensorEntry(name, dtype, shape, file, dataStart + offsets[0], bytes);
    ranges.put(tensor, offsets);
    return tensor;
  }

  private static void checkTiling(Path file, Map<TensorEntry, long[]> ranges, long bufferLength) {
    List<Map.Entry<TensorEntry, long[]>> sorted = new ArrayList<>(ranges.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<TensorEntry, long[]>>comparingLong(e -> e.getValue()[0])
            .thenComparingLong(e -> e.getValue()[1]));
    long expected = 0;
    for (Map.Entry<TensorEntry, long[]> entry : sorted) {
      long[] range = entry.getValue();
      if (range[0] < expected) {
        throw problem(
            file,
            "has overlapping tensors: '"
                + entry.getKey().name()
                + "' begins at byte "
                + range[0]
                + " of the data, before the previous tensor ends at "
                + expected);
      }
      if (range[0] > expected) {
        throw problem(
            file,
            "has a hole in its data: bytes "
                + expected
                + " to "
                + range[0]
                + " belong to no tensor (before '"
                + entry.getKey().name()
                + "')");
      }
      expected = range[1];
    }
    if (expected > bufferLength) {
      throw problem(
          file,
          "is truncated: its tensors need "
              + expected
              + " bytes of data, the file has "
              + bufferLength);
    }
    if (expected < bufferLength) {
      throw problem(
          file,
          "has " + (bufferLength - expected) + " bytes after its last tensor that no tensor uses");
    }
  }

  private static void checkMetadata(Path file, JsonNode value) {
    if (!value.isObject()) {
      throw problem(file, "has __metadata__ that is not an object");
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      if (!field.getValue().isTextual()) {
        throw problem(file, "has __metadata__ value '" + field.getKey() + "' that is not a string");
      }
    }
  }

  private static long[] longs(Path file, String name, JsonNode node, String field, int size) {
    if (node == null || !node.isArray() || (size >= 0 && node.size() != size)) {
      throw problem(
          file,
          "gives tensor '"
              + name
              + "' no valid "
              + field
              + (size >= 0 ? " (" + size + " integers)" : " (an array of integers)"));
    }
    long[] values = new long[node.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode element = node.get(i);
      if (!element.canConvertToLong() || !element.isIntegralNumber() || element.asLong() < 0) {
        throw problem(
            file, "gives tensor '" + name + "' " + field + " element " + element + ", not a size");
      }
      values[i] = element.asLong();
    }
    return values;
  }

  private static void readFully(FileChannel channel, ByteBuffer target, long at, Path file)
      throws IOException {
    long position = at;
    while (target.hasRemaining()) {
      int n = channel.read(target, position);
      if (n < 0) {
        throw problem(file, "ends at byte " + position + " inside its header");
      }
      position += n;
    }
  }

  private static String text(long[] shape) {
    return Arrays.toString(shape);
  }

  private static TrainingException problem(Path file, String what) {
    return new TrainingException("safetensors file " + file + " " + what);
  }
}
