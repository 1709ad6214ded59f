package dev.samovar.models.gguf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses the header, metadata and tensor infos of a GGUF v3 file, field by field. */
final class GgufReader {
  static final int MAGIC = 0x46554747;
  static final Set<Integer> SUPPORTED_VERSIONS = Set.of(3);
  static final int DEFAULT_ALIGNMENT = 32;
  static final String ALIGNMENT_KEY = "general.alignment";

  /** Smallest tensor info: name length, one dimension, n_dims, type, offset. */
  private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;

  /** Smallest metadata entry: key length, value type, a one-byte value. */
  private static final int MIN_KV_BYTES = 8 + 4 + 1;

  private final GgufInput in;

  private GgufReader(GgufInput in) {
    this.in = in;
  }

  static GgufFile read(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return new GgufReader(new GgufInput(channel, channel.size())).readFile(path);
    }
  }

  private GgufFile readFile(Path path) throws IOException {
    in.require(4, "the magic");
    int magic = in.i32("the magic");
    if (magic != MAGIC) {
      throw new GgufFormatException(
          "not a GGUF file: bad magic 0x" + String.format("%08X", magic) + " (expected 'GGUF')");
    }
    int version = in.i32("the version");
    if (!SUPPORTED_VERSIONS.contains(version)) {
      throw new GgufFormatException(
          "unsupported GGUF version " + Integer.toUnsignedString(version) + " (supported: 3)");
    }
    long tensorCount = in.count("the tensor count", MIN_TENSOR_INFO_BYTES);
    long kvCount = in.count("the metadata entry count", MIN_KV_BYTES);
    GgufMetadata.Builder metadata = GgufMetadata.builder();
    Set<String> keys = new HashSet<>();
    for (long i = 0; i < kvCount; i++) {
      long index = i;
      long at = in.position();
      String key = in.string(() -> "the key of metadata entry " + index);
      if (key.isEmpty()) {
        throw new GgufFormatException("empty key of metadata entry " + i + " at offset " + at);
      }
      if (!keys.add(key)) {
        throw new GgufFormatException("duplicate metadata key '" + key + "' at offset " + at);
      }
      int typeId = in.i32("the type of metadata key '" + key + "'");
      GgufValueType type = GgufValueType.byId(Integer.toUnsignedLong(typeId));
      if (type == null) {
        throw new GgufFormatException(
            "unknown metadata value type "
                + Integer.toUnsignedString(typeId)
                + " of key '"
                + key
                + "'");
      }
      metadata.put(key, value(type, key));
    }
    GgufMetadata meta = metadata.build();
    int alignment = alignment(meta);

    if (tensorCount > in.remaining() / MIN_TENSOR_INFO_BYTES) {
      throw new GgufFormatException(
          "the tensor count "
              + tensorCount
              + " is more than the remaining "
              + in.remaining()
              + " bytes can hold");
    }
    List<TensorInfo> tensors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    long expectedOffset = 0;
    for (long i = 0; i < tensorCount; i++) {
      TensorInfo tensor = tensorInfo(i, expectedOffset, alignment);
      if (!names.add(tensor.name())) {
        throw new GgufFormatException("duplicate tensor name '" + tensor.name() + "'");
      }
      if (tensor.byteSize() > in.size() - expectedOffset) {
        throw new GgufFormatException(
            "data of tensor '"
                + tensor.name()
                + "' ("
                + tensor.byteSize()
                + " bytes at data offset "
                + expectedOffset
                + ") cannot fit in the file ("
                + in.size()
                + " bytes)");
      }
      tensors.add(tensor);
      expectedOffset = tensor.offset() + pad(tensor.byteSize(), alignment);
    }
    long dataOffset = pad(in.position(), alignment);
    for (TensorInfo tensor : tensors) {
      long end = dataOffset + tensor.offset() + tensor.byteSize();
      if (end > in.size()) {
        throw new GgufFormatException(
            "data of tensor '"
                + tensor.name()
                + "' ends at offset "
                + end
                + ", beyond the end of the file ("
                + in.size()
                + " bytes)");
      }
    }
    return new GgufFile(path, in.size(), version, meta, tensors, alignment, dataOffset);
  }

  private GgufValue value(GgufValueType type, String key) throws IOException {
    if (type != GgufValueType.ARRAY) {
      return scalar(type, key, -1);
    }
    String what = "the element type of array '" + key + "'";
    int elementTypeId = in.i32(what);
    GgufValueType elementType = GgufValueType.byId(Integer.toUnsignedLong(elementTypeId));
    if (elementType == null) {
      throw new GgufFormatException(
          "unknown element type "
              + Integer.toUnsignedString(elementTypeId)
              + " of array '"
              + key
              + "'");
    }
    if (elementType == GgufValueType.ARRAY) {
      throw new GgufFormatException("array '" + key + "' holds arrays; GGUF arrays do not nest");
    }
    long count = in.count("the element count of array '" + key + "'", elementType.minEncodedSize());
    List<GgufValue> elements = new ArrayList<>((int) Math.min(count, 1 << 16));
    for (long i = 0; i < count; i++) {
      elements.add(scalar(elementType, key, i));
    }
    return new GgufValue.Array(elementType, elements);
  }

  private GgufValue scalar(GgufValueType type, String key, long index) throws IOException {
    String what = index < 0 ? "the value of metadata key '" + key + "'" : "array '" + key + "'";
    return switch (type) {
      case UINT8 -> GgufValue.u8(in.u8(what));
      case INT8 -> GgufValue.i8((byte) in.u8(what));
      case UINT16 -> GgufValue.u16(in.i16(what) & 0xFFFF);
      case INT16 -> GgufValue.i16(in.i16(what));
      case UINT32 -> GgufValue.u32(in.u32(what));
      case INT32 -> GgufValue.i32(in.i32(what));
      case FLOAT32 -> GgufValue.f32(in.f32(what));
      case BOOL -> bool(in.u8(what), what);
      case STRING ->
          GgufValue.string(
              in.string(() -> index < 0 ? what : "element " + index + " of array '" + key + "'"));
      case UINT64 -> GgufValue.u64(in.i64(what));
      case INT64 -> GgufValue.i64(in.i64(what));
      case FLOAT64 -> GgufValue.f64(in.f64(what));
      case ARRAY -> throw new IllegalStateException("arrays are read by value()");
    };
  }

  private GgufValue bool(int b, String what) {
    if (b > 1) {
      throw new GgufFormatException(
          "invalid BOOL " + b + " in " + what + " at offset " + (in.position() - 1));
    }
    return GgufValue.bool(b == 1);
  }

  private TensorInfo tensorInfo(long index, long expectedOffset, int alignment) throws IOException {
    String name = in.string(() -> "the name of tensor " + index);
    String quoted = "'" + name + "'";
    long dims = in.u32("the dimension count of tensor " + quoted);
    if (dims < 1 || dims > TensorSpec.MAX_DIMS) {
      throw new GgufFormatException(
          "tensor " + quoted + " has " + dims + " dimensions, expected 1 to 4");
    }
    long[] ne = new long[(int) dims];
    for (int d = 0; d < dims; d++) {
      ne[d] = in.i64("dimension " + d + " of tensor " + quoted);
    }
    int typeId = in.i32("the type of tensor " + quoted);
    GgmlType type = GgmlType.byId(Integer.toUnsignedLong(typeId));
    if (type == null) {
      throw new GgufFormatException(
          "unknown ggml type " + Integer.toUnsignedString(typeId) + " of tensor " + quoted);
    }
    String problem = TensorSpec.problem(name, type, ne);
    if (problem != null) {
      throw new GgufFormatException(problem);
    }
    long offset = in.i64("the data offset of tensor " + quoted);
    if (offset != expectedOffset) {
      throw new GgufFormatException(
          "tensor "
              + quoted
              + " has data offset "
              + Long.toUnsignedString(offset)
              + ", expected "
              + expectedOffset
              + " (offsets follow tensor order, each padded to "
              + alignment
              + " bytes)");
    }
    return new TensorInfo(name, ne, type, offset, TensorSpec.byteSize(type, ne));
  }

  /** The alignment of a file with this metadata: {@code general.alignment}, or 32. */
  static int alignment(GgufMetadata metadata) {
    if (!metadata.contains(ALIGNMENT_KEY)) {
      return DEFAULT_ALIGNMENT;
    }
    long alignment = metadata.u32(ALIGNMENT_KEY);
    if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > (1 << 30)) {
      throw new GgufFormatException(ALIGNMENT_KEY + " is " + alignment + ", not a power of two");
    }
    return (int) alignment;
  }

  /** {@code n} rounded up to a multiple of {@code alignment}, a power of two. */
  static long pad(long n, int alignment) {
    return Math.addExact(n, alignment - 1) & -alignment;
  }
}
