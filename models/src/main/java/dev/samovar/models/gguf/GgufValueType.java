package dev.samovar.models.gguf;

/** The type codes of GGUF metadata values, with the encoded size of the fixed-size ones. */
public enum GgufValueType {
  UINT8(0, 1),
  INT8(1, 1),
  UINT16(2, 2),
  INT16(3, 2),
  UINT32(4, 4),
  INT32(5, 4),
  FLOAT32(6, 4),
  BOOL(7, 1),
  STRING(8, 8),
  ARRAY(9, 12),
  UINT64(10, 8),
  INT64(11, 8),
  FLOAT64(12, 8);

  private static final GgufValueType[] BY_ID = values();

  private final int id;
  private final int minEncodedSize;

  GgufValueType(int id, int minEncodedSize) {
    this.id = id;
    this.minEncodedSize = minEncodedSize;
  }

  /** The code written in the file. */
  public int id() {
    return id;
  }

  /**
   * Bytes one value takes at least: its size for fixed-size types, the length prefix for strings,
   * element type and count for arrays.
   */
  public int minEncodedSize() {
    return minEncodedSize;
  }

  /** Whether the value is an integer of some width. */
  public boolean isInteger() {
    return switch (this) {
      case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
      default -> false;
    };
  }

  /** The type with code {@code id}, or null when no type has it. */
  static GgufValueType byId(long id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
  }
}
