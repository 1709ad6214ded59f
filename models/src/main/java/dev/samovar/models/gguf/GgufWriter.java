package dev.samovar.models.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a GGUF v3 file in one pass: {@link #create} writes the header (metadata and tensor infos
 * with their offsets), then the data of each tensor is written in declaration order, row by row if
 * need be, and padded to the alignment. {@link #close} fails when a tensor was left out.
 *
 * <pre>{@code
 * try (GgufWriter writer = GgufWriter.create(path, metadata, specs)) {
 *   writer.writeTensor("token_embd.weight", embeddings);
 * }
 * }</pre>
 */
public final class GgufWriter implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final GgufOutput out;
  private final List<TensorSpec> tensors;
  private final int alignment;
  private int next;
  private TensorSpec current;
  private long currentWritten;
  private boolean closed;

  private GgufWriter(
      Path path, FileChannel channel, List<TensorSpec> tensors, int alignment, long start) {
    this.path = path;
    this.channel = channel;
    this.out = new GgufOutput(channel, start);
    this.tensors = tensors;
    this.alignment = alignment;
  }

  /**
   * Creates (or truncates) {@code path} and writes the header. The alignment is {@code
   * general.alignment} when the metadata has it (a UINT32 power of two), else 32.
   *
   * @throws IllegalArgumentException when tensor names repeat or the alignment is invalid
   */
  public static GgufWriter create(Path path, GgufMetadata metadata, List<TensorSpec> tensors)
      throws IOException {
    List<TensorSpec> specs = checkedSpecs(tensors);
    int alignment = alignment(metadata);
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    GgufWriter writer = new GgufWriter(path, channel, specs, alignment, 0);
    try {
      writer.writeHeader(metadata);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return writer;
  }

  /**
   * Continues a file that an interrupted writer left: when {@code path} starts with exactly the
   * header this metadata and these tensors give, the tensors it holds in full (data and padding)
   * are kept, anything after them is cut off, and writing goes on with the next tensor ({@link
   * #tensorsWritten()} says which). Otherwise, or when there is no such file, it is {@link #create
   * created} anew.
   */
  public static GgufWriter resume(Path path, GgufMetadata metadata, List<TensorSpec> tensors)
      throws IOException {
    List<TensorSpec> specs = checkedSpecs(tensors);
    int alignment = alignment(metadata);
    byte[] header = header(metadata, specs, alignment);
    if (!Files.isRegularFile(path) || Files.size(path) < header.length) {
      return create(path, metadata, tensors);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      ByteBuffer existing = ByteBuffer.allocate(header.length);
      while (existing.hasRemaining() && channel.read(existing, existing.position()) >= 0) {
        // reads the header
      }
      if (!Arrays.equals(existing.array(), header)) {
        channel.close();
        return create(path, metadata, tensors);
      }
      long size = channel.size();
      long end = header.length;
      int complete = 0;
      for (TensorSpec spec : specs) {
        long next = end + GgufReader.pad(spec.byteSize(), alignment);
        if (next > size) {
          break;
        }
        end = next;
        complete++;
      }
      channel.truncate(end);
      channel.position(end);
      GgufWriter writer = new GgufWriter(path, channel, specs, alignment, end);
      writer.next = complete;
      return writer;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** How many tensors are written in full (after {@link #resume}, those found in the file). */
  public int tensorsWritten() {
    return next;
  }

  private static List<TensorSpec> checkedSpecs(List<TensorSpec> tensors) {
    List<TensorSpec> specs = List.copyOf(tensors);
    Set<String> names = new HashSet<>();
    for (TensorSpec spec : specs) {
      if (!names.add(spec.name())) {
        throw new IllegalArgumentException("duplicate tensor name '" + spec.name() + "'");
      }
    }
    return specs;
  }

  private static int alignment(GgufMetadata metadata) {
    try {
      return GgufReader.alignment(metadata);
    } catch (GgufFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The bytes {@link #writeHeader} writes, padding included. */
  private static byte[] header(GgufMetadata metadata, List<TensorSpec> specs, int alignment)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GgufOutput out = new GgufOutput(Channels.newChannel(bytes));
    writeHeader(metadata, specs, alignment, out);
    out.flush();
    return bytes.toByteArray();
  }

  /**
   * Writes all of a tensor's data from {@code values}, encoded to its type by its {@link
   * TensorCodec}.
   */
  public void writeTensor(String name, float[] values) throws IOException {
    beginTensor(name);
    putFloats(values, 0, values.length);
    endTensor();
  }

  /** Writes all of a tensor's data, already encoded in its type, from {@code data}. */
  public void writeTensor(String name, ByteBuffer data) throws IOException {
    beginTensor(name);
    putBytes(data);
    endTensor();
  }

  /** Starts the data of the next tensor, which must be called {@code name}. */
  public void beginTensor(String name) {
    ensureOpen();
    if (current != null) {
      throw new IllegalStateException(
          "tensor '" + current.name() + "' is still being written; end it first");
    }
    if (next == tensors.size()) {
      throw new IllegalStateException("all " + tensors.size() + " tensors are written; no " + name);
    }
    TensorSpec expected = tensors.get(next);
    if (!expected.name().equals(name)) {
      throw new IllegalStateException(
          "tensor " + next + " is '" + expected.name() + "', not '" + name + "'");
    }
    current = expected;
    currentWritten = 0;
  }

  /**
   * Appends {@code length} values to the current tensor, encoded to its type by its {@link
   * TensorCodec} (F32; F16 and BF16 rounded to nearest even; Q8_0, Q4_0, Q4_K and Q6_K as
   * llama.cpp's reference quantizers). {@code length} is a whole number of the type's blocks.
   */
  public void putFloats(float[] values, int offset, int length) throws IOException {
    TensorSpec tensor = requireCurrent();
    GgmlType type = tensor.type();
    TensorCodec codec =
        TensorCodec.of(type)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "tensor '"
                            + tensor.name()
                            + "' has type "
                            + type
                            + ", which samovar cannot encode; write its encoded bytes with"
                            + " putBytes"));
    if (length % type.blockSize() != 0) {
      throw new IllegalArgumentException(
          length
              + " values are not a whole number of "
              + type
              + " blocks of "
              + type.blockSize()
              + " for tensor '"
              + tensor.name()
              + "'");
    }
    checkRoom(tensor, type.byteSize(length));
    int blocksPerChunk = Math.max(1, (1 << 16) / type.bytesPerBlock());
    int valuesPerChunk = blocksPerChunk * type.blockSize();
    ByteBuffer chunk =
        ByteBuffer.allocate(blocksPerChunk * type.bytesPerBlock()).order(ByteOrder.LITTLE_ENDIAN);
    for (int done = 0; done < length; done += valuesPerChunk) {
      int n = Math.min(valuesPerChunk, length - done);
      chunk.clear();
      codec.encode(values, offset + done, n, chunk);
      currentWritten += chunk.position();
      out.bytes(chunk.flip());
    }
  }

  /** Appends encoded bytes to the current tensor. */
  public void putBytes(ByteBuffer data) throws IOException {
    TensorSpec tensor = requireCurrent();
    long n = data.remaining();
    checkRoom(tensor, n);
    out.bytes(data);
    currentWritten += n;
  }

  /** Ends the current tensor, which must have all its bytes, and pads to the alignment. */
  public void endTensor() throws IOException {
    TensorSpec tensor = requireCurrent();
    if (currentWritten != tensor.byteSize()) {
      throw new IllegalStateException(
          "tensor '"
              + tensor.name()
              + "' got "
              + currentWritten
              + " of its "
              + tensor.byteSize()
              + " bytes");
    }
    out.padTo(alignment);
    current = null;
    next++;
  }

  /**
   * Flushes and closes the file.
   *
   * @throws IllegalStateException when not every tensor was written in full
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      out.flush();
      if (current != null || next < tensors.size()) {
        String missing = tensors.get(next).name();
        throw new IllegalStateException(
            path
                + " is incomplete: "
                + next
                + " of "
                + tensors.size()
                + " tensors written, next was '"
                + missing
                + "'");
      }
    }
  }

  private void writeHeader(GgufMetadata metadata) throws IOException {
    writeHeader(metadata, tensors, alignment, out);
  }

  private static void writeHeader(
      GgufMetadata metadata, List<TensorSpec> tensors, int alignment, GgufOutput out)
      throws IOException {
    out.i32(GgufReader.MAGIC);
    out.i32(3);
    out.i64(tensors.size());
    out.i64(metadata.size());
    for (Map.Entry<String, GgufValue> entry : metadata.asMap().entrySet()) {
      out.string(entry.getKey());
      out.i32(entry.getValue().type().id());
      value(entry.getValue(), out);
    }
    long offset = 0;
    for (TensorSpec tensor : tensors) {
      out.string(tensor.name());
      long[] ne = tensor.ne();
      out.i32(ne.length);
      for (long n : ne) {
        out.i64(n);
      }
      out.i32(tensor.type().id());
      out.i64(offset);
      offset += GgufReader.pad(tensor.byteSize(), alignment);
    }
    // A file without tensors has no data section to align: it ends after the metadata, as
    // llama.cpp's vocabulary-only files do.
    if (!tensors.isEmpty()) {
      out.padTo(alignment);
    }
  }

  private static void value(GgufValue value, GgufOutput out) throws IOException {
    switch (value) {
      case GgufValue.Int v -> {
        switch (v.type()) {
          case UINT8, INT8 -> out.u8((int) v.value());
          case UINT16, INT16 -> out.i16((short) v.value());
          case UINT32, INT32 -> out.i32((int) v.value());
          default -> out.i64(v.value());
        }
      }
      case GgufValue.Real v -> {
        if (v.type() == GgufValueType.FLOAT32) {
          out.f32((float) v.value());
        } else {
          out.f64(v.value());
        }
      }
      case GgufValue.Bool v -> out.u8(v.value() ? 1 : 0);
      case GgufValue.Text v -> out.string(v.value());
      case GgufValue.Array v -> {
        out.i32(v.elementType().id());
        out.i64(v.elements().size());
        for (GgufValue element : v.elements()) {
          value(element, out);
        }
      }
    }
  }

  private TensorSpec requireCurrent() {
    ensureOpen();
    if (current == null) {
      throw new IllegalStateException("no tensor is being written; call beginTensor first");
    }
    return current;
  }

  private void checkRoom(TensorSpec tensor, long n) {
    if (n > tensor.byteSize() - currentWritten) {
      throw new IllegalStateException(
          "tensor '"
              + tensor.name()
              + "' has "
              + (tensor.byteSize() - currentWritten)
              + " bytes left, not "
              + n);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(path + " is closed");
    }
  }
}
