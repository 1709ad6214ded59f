package dev.samovar.models.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The header of a GGUF v3 file: metadata, tensor infos and where tensor data starts. Tensor data
 * stays in the file; {@link #readTensor} reads it on demand.
 *
 * @param path the file
 * @param fileSize its size when it was read
 * @param version the GGUF version (3)
 * @param metadata key-value metadata in file order
 * @param tensors tensor infos in file order
 * @param alignment {@code general.alignment}, or 32
 * @param dataOffset absolute file offset of the data section
 */
public record GgufFile(
    Path path,
    long fileSize,
    int version,
    GgufMetadata metadata,
    List<TensorInfo> tensors,
    int alignment,
    long dataOffset) {

  public GgufFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(metadata, "metadata");
    tensors = List.copyOf(tensors);
  }

  /**
   * Reads and checks the header of {@code path}: magic, version 3, metadata, tensor infos, and that
   * every tensor's data lies within the file.
   *
   * @throws GgufFormatException when the file is not a well-formed GGUF v3 file
   * @throws IOException when it cannot be read
   */
  public static GgufFile read(Path path) throws IOException {
    return GgufReader.read(path);
  }

  /** The tensor called {@code name}, if there is one. */
  public Optional<TensorInfo> tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Absolute file offset of {@code tensor}'s first byte. */
  public long absoluteOffset(TensorInfo tensor) {
    return dataOffset + tensor.offset();
  }

  /**
   * The data of {@code tensor}, little-endian; for tensors under 2 GiB.
   *
   * @throws IllegalArgumentException when the tensor is 2 GiB or larger: read it in parts with
   *     {@link #readTensor(TensorInfo, long, ByteBuffer)}
   */
  public ByteBuffer readTensor(TensorInfo tensor) throws IOException {
    if (tensor.byteSize() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "tensor '" + tensor.name() + "' has " + tensor.byteSize() + " bytes; read it in parts");
    }
    ByteBuffer data = ByteBuffer.allocate((int) tensor.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    readTensor(tensor, 0, data);
    return data.flip();
  }

  /**
   * Fills {@code target} with the tensor's bytes from {@code from} on (relative to its first byte).
   */
  public void readTensor(TensorInfo tensor, long from, ByteBuffer target) throws IOException {
    if (!tensors.contains(tensor)) {
      throw new IllegalArgumentException("tensor " + tensor.name() + " is not in " + path);
    }
    if (from < 0 || target.remaining() > tensor.byteSize() - from) {
      throw new IllegalArgumentException(
          "bytes ["
              + from
              + ", "
              + (from + target.remaining())
              + ") are outside tensor '"
              + tensor.name()
              + "' of "
              + tensor.byteSize()
              + " bytes");
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long position = absoluteOffset(tensor) + from;
      while (target.hasRemaining()) {
        int n = channel.read(target, position);
        if (n < 0) {
          throw new GgufFormatException(
              path + " ends at offset " + position + " inside tensor '" + tensor.name() + "'");
        }
        position += n;
      }
    }
  }
}
