package dev.samovar.training.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes one safetensors file in a single pass: the header (tensors in the given order, their data
 * contiguous, the JSON padded with spaces to a multiple of 8 bytes), then each tensor's data in
 * that order, in as many pieces as the caller likes.
 */
public final class SafetensorsWriter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final FileChannel channel;
  private final List<TensorLayout> tensors;
  private int next;
  private TensorLayout current;
  private long currentWritten;
  private boolean closed;

  private SafetensorsWriter(Path path, FileChannel channel, List<TensorLayout> tensors) {
    this.path = path;
    this.channel = channel;
    this.tensors = tensors;
  }

  /** The header bytes (length prefix included) of a file with these tensors and metadata. */
  public static byte[] header(List<TensorLayout> tensors, Map<String, String> metadata) {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (TensorLayout tensor : tensors) {
      ObjectNode node = root.putObject(tensor.name());
      node.put("dtype", tensor.dtype().name());
      ArrayNode shape = node.putArray("shape");
      for (long d : tensor.shape()) {
        shape.add(d);
      }
      long end = offset + tensor.byteSize();
      node.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer header = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(padded).put(json);
    while (header.hasRemaining()) {
      header.put((byte) ' ');
    }
    return header.array();
  }

  /** Creates (or truncates) {@code path} and writes the header. */
  public static SafetensorsWriter create(
      Path path, List<TensorLayout> tensors, Map<String, String> metadata) throws IOException {
    List<TensorLayout> layouts = List.copyOf(tensors);
    byte[] header = header(layouts, metadata);
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    try {
      write(channel, ByteBuffer.wrap(header));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new SafetensorsWriter(path, channel, layouts);
  }

  /** Starts the data of the next tensor, which must be {@code name}. */
  public void beginTensor(String name) {
    if (closed || current != null || next == tensors.size()) {
      throw new IllegalStateException("cannot begin tensor '" + name + "' in " + path);
    }
    TensorLayout expected = tensors.get(next);
    if (!expected.name().equals(name)) {
      throw new IllegalStateException(
          "tensor " + next + " of " + path + " is '" + expected.name() + "', not '" + name + "'");
    }
    current = expected;
    currentWritten = 0;
  }

  /** Appends encoded bytes to the current tensor. */
  public void put(ByteBuffer data) throws IOException {
    if (current == null) {
      throw new IllegalStateException("no tensor is being written to " + path);
    }
    long n = data.remaining();
    if (n > current.byteSize() - currentWritten) {
      throw new IllegalStateException(
          "tensor '"
              + current.name()
              + "' has "
              + (current.byteSize() - currentWritten)
              + " bytes left, not "
              + n);
    }
    write(channel, data);
    currentWritten += n;
  }

  /** Ends the current tensor, which must have all its bytes. */
  public void endTensor() {
    if (current == null || currentWritten != current.byteSize()) {
      throw new IllegalStateException(
          current == null
              ? "no tensor is being written to " + path
              : "tensor '"
                  + current.name()
                  + "' got "
                  + currentWritten
                  + " of its "
                  + current.byteSize()
                  + " bytes");
    }
    current = null;
    next++;
  }

  /**
   * Closes the file.
   *
   * @throws IllegalStateException when a tensor was left out
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      if (current != null || next < tensors.size()) {
        throw new IllegalStateException(
            path + " is incomplete: " + next + " of " + tensors.size() + " tensors written");
      }
    }
  }

  private static void write(FileChannel channel, ByteBuffer data) throws IOException {
    while (data.hasRemaining()) {
      channel.write(data);
    }
  }
}
