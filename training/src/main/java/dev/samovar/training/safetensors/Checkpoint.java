package dev.samovar.training.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The tensors of a safetensors checkpoint, read on demand: one file, or a Hugging Face model
 * directory ({@code model.safetensors}, or {@code model.safetensors.index.json} and its shards).
 * Reads are positional and may come from several threads at once.
 */
public final class Checkpoint implements AutoCloseable {
  /** The single-file weights of a Hugging Face model directory. */
  public static final String SINGLE_FILE = "model.safetensors";

  /** The index of a sharded Hugging Face model directory. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int READ_CHUNK = 1 << 22;

  private final Map<String, TensorEntry> tensors;
  private final Map<Path, FileChannel> channels;
  private final ThreadLocal<ByteBuffer> scratch =
      ThreadLocal.withInitial(
          () -> ByteBuffer.allocateDirect(READ_CHUNK).order(ByteOrder.LITTLE_ENDIAN));

  private Checkpoint(Map<String, TensorEntry> tensors, Map<Path, FileChannel> channels) {
    this.tensors = tensors;
    this.channels = channels;
  }

  /** Opens one safetensors file. */
  public static Checkpoint openFile(Path file) throws IOException {
    requireFile(file, "safetensors file");
    Map<Path, FileChannel> channels = new LinkedHashMap<>();
    try {
      Map<String, TensorEntry> tensors = new LinkedHashMap<>();
      for (TensorEntry tensor : SafetensorsHeader.read(file, open(file, channels))) {
        tensors.put(tensor.name(), tensor);
      }
      return new Checkpoint(tensors, channels);
    } catch (IOException | RuntimeException e) {
      closeAll(channels.values(), e);
      throw e;
    }
  }

  /**
   * Opens the weights of a Hugging Face model directory: the shards its index names (whose headers
   * together must hold exactly the index's tensors, each in the shard the index says), or its
   * single {@code model.safetensors}.
   */
  public static Checkpoint openDirectory(Path directory) throws IOException {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new TrainingException("model directory not found: " + dir);
    }
    Path index = dir.resolve(INDEX_FILE);
    if (Files.isRegularFile(index)) {
      return openSharded(dir, index);
    }
    Path single = dir.resolve(SINGLE_FILE);
    if (Files.isRegularFile(single)) {
      return openFile(single);
    }
    if (Files.exists(dir.resolve("pytorch_model.bin"))
        || Files.exists(dir.resolve("pytorch_model.bin.index.json"))) {
      throw new TrainingException(
          dir + " holds PyTorch .bin weights; samovar reads safetensors only");
    }
    throw new TrainingException("no " + SINGLE_FILE + " or " + INDEX_FILE + " in " + dir);
  }

  private static Checkpoint openSharded(Path dir, Path index) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(index.toFile());
    } catch (JacksonException e) {
      throw new TrainingException(index + " is not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode weightMap = root == null ? null : root.get("weight_map");
    if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
      throw new TrainingException(index + " has no weight_map");
    }
    Map<String, String> shardOf = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
      String shard = entry.getValue().asText();
      Path shardPath = dir.resolve(shard).normalize();
      if (!entry.getValue().isTextual() || !dir.equals(shardPath.getParent())) {
        throw new TrainingException(
            index + " maps '" + entry.getKey() + "' to " + entry.getValue() + ", not a file name");
      }
      shardOf.put(entry.getKey(), shard);
    }
    Map<Path, FileChannel> channels = new LinkedHashMap<>();
    try {
      Map<String, TensorEntry> found = new LinkedHashMap<>();
      for (String shard : new TreeSet<>(shardOf.values())) {
        Path file = dir.resolve(shard);
        requireFile(file, "shard named in " + INDEX_FILE);
        for (TensorEntry tensor : SafetensorsHeader.read(file, open(file, channels))) {
          String expected = shardOf.get(tensor.name());
          if (expected == null) {
            throw new TrainingException(
                "shard "
                    + file
                    + " holds tensor '"
                    + tensor.name()
                    + "', which "
                    + INDEX_FILE
                    + " does not list");
          }
          if (!expected.equals(shard)) {
            throw new TrainingException(
                INDEX_FILE
                    + " places tensor '"
                    + tensor.name()
                    + "' in "
                    + expected
                    + ", but it is in "
                    + shard);
          }
          if (found.put(tensor.name(), tensor) != null) {
            throw new TrainingException("tensor '" + tensor.name() + "' appears twice in " + dir);
          }
        }
      }
      Map<String, TensorEntry> ordered = new LinkedHashMap<>();
      for (String name : shardOf.keySet()) {
        TensorEntry tensor = found.get(name);
        if (tensor == null) {
          throw new TrainingException(
              INDEX_FILE
                  + " lists tensor '"
                  + name
                  + "' in "
                  + shardOf.get(name)
                  + ", which lacks it");
        }
        ordered.put(name, tensor);
      }
      return new Checkpoint(ordered, channels);
    } catch (IOException | RuntimeException e) {
      closeAll(channels.values(), e);
      throw e;
    }
  }

  /** Every tensor, in index (or header) order. */
  public Collection<TensorEntry> tensors() {
    return tensors.values();
  }

  /** Tensor names in index (or header) order. */
  public List<String> names() {
    return new ArrayList<>(tensors.keySet());
  }

  public Optional<TensorEntry> find(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /** The files the tensors are in. */
  public List<Path> files() {
    return new ArrayList<>(channels.keySet());
  }

  /**
   * Reads elements {@code [first, first + count)} of {@code tensor} (flat, row-major) as floats
   * (F64 rounded).
   */
  public void read(TensorEntry tensor, long first, float[] target, int offset, int count)
      throws IOException {
    readChunks(
        tensor,
        first,
        count,
        (buffer, done, n) -> tensor.dtype().toFloats(buffer, target, offset + done, n));
  }

  /** Reads elements {@code [first, first + count)} of {@code tensor} as doubles, exactly. */
  public void read(TensorEntry tensor, long first, double[] target, int offset, int count)
      throws IOException {
    readChunks(
        tensor,
        first,
        count,
        (buffer, done, n) -> tensor.dtype().toDoubles(buffer, target, offset + done, n));
  }

  /** Converts {@code n} elements from {@code buffer} into the target from its {@code done}th on. */
  @FunctionalInterface
  private interface ChunkSink {
    void accept(ByteBuffer buffer, int done, int n);
  }

  private void readChunks(TensorEntry tensor, long first, int count, ChunkSink sink)
      throws IOException {
    checkRange(tensor, first, count);
    int done = 0;
    ByteBuffer buffer = scratch.get();
    int perChunk = buffer.capacity() / tensor.dtype().size();
    while (done < count) {
      int n = Math.min(perChunk, count - done);
      fill(tensor, first + done, n, buffer);
      sink.accept(buffer, done, n);
      done += n;
    }
  }

  /** Fills {@code target} with the tensor's raw bytes from byte {@code from} of its data on. */
  public void readBytes(TensorEntry tensor, long from, ByteBuffer target) throws IOException {
    if (from < 0 || target.remaining() > tensor.byteSize() - from) {
      throw new IndexOutOfBoundsException(
          "bytes [" + from + ", " + (from + target.remaining()) + ") of " + tensor);
    }
    FileChannel channel = channels.get(tensor.file());
    long position = tensor.offset() + from;
    while (target.hasRemaining()) {
      int n = channel.read(target, position);
      if (n < 0) {
        throw truncatedWhileReading(tensor, position);
      }
      position += n;
    }
  }

  /** All of a tensor's elements as floats; for tensors of fewer than 2^31 elements. */
  public float[] readAll(TensorEntry tensor) throws IOException {
    long n = tensor.elementCount();
    if (n > Integer.MAX_VALUE - 8) {
      throw new TrainingException(
          "tensor '" + tensor.name() + "' has " + n + " elements, too many to hold at once");
    }
    float[] values = new float[(int) n];
    read(tensor, 0, values, 0, values.length);
    return values;
  }

  private void fill(TensorEntry tensor, long first, int count, ByteBuffer buffer)
      throws IOException {
    FileChannel channel = channels.get(tensor.file());
    buffer.clear().limit(count * tensor.dtype().size());
    long position = tensor.offset() + first * tensor.dtype().size();
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw truncatedWhileReading(tensor, position);
      }
      position += n;
    }
    buffer.flip();
  }

  private static TrainingException truncatedWhileReading(TensorEntry tensor, long position) {
    return new TrainingException(
        "safetensors file "
            + tensor.file()
            + " ended at byte "
            + position
            + " inside tensor '"
            + tensor.name()
            + "' (was it truncated while samovar read it?)");
  }

  private static void checkRange(TensorEntry tensor, long first, int count) {
    if (!tensor.dtype().isFloat()) {
      throw new TrainingException(
          "tensor '"
              + tensor.name()
              + "' has dtype "
              + tensor.dtype()
              + "; samovar reads F64, F32, F16 and BF16 weights");
    }
    if (first < 0 || count < 0 || first + count > tensor.elementCount()) {
      throw new IndexOutOfBoundsException(
          "elements [" + first + ", " + (first + count) + ") of " + tensor);
    }
  }

  private static FileChannel open(Path file, Map<Path, FileChannel> channels) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    channels.put(file, channel);
    return channel;
  }

  private static void requireFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new TrainingException(what + " not found: " + file);
    }
  }

  private static void closeAll(Collection<FileChannel> channels, Exception failure) {
    for (FileChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (FileChannel channel : channels.values()) {
      try {
        channel.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
