package dev.samovar.models.gguf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A typed GGUF metadata value. Integers of every width are {@link Int}, floats {@link Real}; each
 * keeps its exact GGUF type so that a value read back is written back unchanged.
 */
public sealed interface GgufValue {

  /** The GGUF type of this value. */
  GgufValueType type();

  /**
   * An integer; unsigned 64-bit values are kept as their two's-complement bits.
   *
   * @param type one of the integer types
   * @param value the value, within the type's range
   */
  record Int(GgufValueType type, long value) implements GgufValue {
    public Int {
      Objects.requireNonNull(type, "type");
      if (!type.isInteger()) {
        throw new IllegalArgumentException("not an integer type: " + type);
      }
      long min =
          switch (type) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64, UINT64 -> Long.MIN_VALUE;
            default -> 0;
          };
      long max =
          switch (type) {
            case UINT8 -> 0xFFL;
            case INT8 -> Byte.MAX_VALUE;
            case UINT16 -> 0xFFFFL;
            case INT16 -> Short.MAX_VALUE;
            case UINT32 -> 0xFFFF_FFFFL;
            case INT32 -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
          };
      if (value < min || value > max) {
        throw new IllegalArgumentException(value + " is out of range for " + type);
      }
    }
  }

  /**
   * A floating-point number.
   *
   * @param type FLOAT32 or FLOAT64
   * @param value the value; for FLOAT32 it must be exactly representable as a float
   */
  record Real(GgufValueType type, double value) implements GgufValue {
    public Real {
      Objects.requireNonNull(type, "type");
      if (type != GgufValueType.FLOAT32 && type != GgufValueType.FLOAT64) {
        throw new IllegalArgumentException("not a floating-point type: " + type);
      }
      if (type == GgufValueType.FLOAT32
          && (double) (float) value != value
          && !Double.isNaN(value)) {
        throw new IllegalArgumentException(value + " is not exactly a FLOAT32");
      }
    }
  }

  /** A boolean, stored as one byte 0 or 1. */
  record Bool(boolean value) implements GgufValue {
    @Override
    public GgufValueType type() {
      return GgufValueType.BOOL;
    }
  }

  /** A string, stored as its UTF-8 bytes. */
  record Text(String value) implements GgufValue {
    public Text {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public GgufValueType type() {
      return GgufValueType.STRING;
    }
  }

  /**
   * An array of values that all have {@code elementType}; arrays do not nest.
   *
   * @param elementType the type of every element
   * @param elements the elements
   */
  record Array(GgufValueType elementType, List<GgufValue> elements) implements GgufValue {
    public Array {
      Objects.requireNonNull(elementType, "elementType");
      if (elementType == GgufValueType.ARRAY) {
        throw new IllegalArgumentException("GGUF arrays do not nest");
      }
      elements = List.copyOf(elements);
      for (GgufValue element : elements) {
        if (element.type() != elementType) {
          throw new IllegalArgumentException(
              "array of " + elementType + " holds a " + element.type());
        }
      }
    }

    @Override
    public GgufValueType type() {
      return GgufValueType.ARRAY;
    }

    /** The elements as strings; the element type must be STRING. */
    public List<String> strings() {
      requireElementType(GgufValueType.STRING);
      return elements.stream().map(e -> ((Text) e).value()).toList();
    }

    /** The elements as ints; the element type must be INT32. */
    public int[] ints() {
      requireElementType(GgufValueType.INT32);
      return elements.stream().mapToInt(e -> (int) ((Int) e).value()).toArray();
    }

    private void requireElementType(GgufValueType expected) {
      if (elementType != expected) {
        throw new GgufFormatException(
            "array has elements of type " + elementType + ", expected " + expected);
      }
    }
  }

  /** A UINT8 value. */
  static GgufValue u8(int value) {
    return new Int(GgufValueType.UINT8, value);
  }

  /** An INT8 value. */
  static GgufValue i8(byte value) {
    return new Int(GgufValueType.INT8, value);
  }

  /** A UINT16 value. */
  static GgufValue u16(int value) {
    return new Int(GgufValueType.UINT16, value);
  }

  /** An INT16 value. */
  static GgufValue i16(short value) {
    return new Int(GgufValueType.INT16, value);
  }

  /** A UINT32 value, 0 to 2^32-1. */
  static GgufValue u32(long value) {
    return new Int(GgufValueType.UINT32, value);
  }

  /** An INT32 value. */
  static GgufValue i32(int value) {
    return new Int(GgufValueType.INT32, value);
  }

  /** A UINT64 value given as its 64 bits. */
  static GgufValue u64(long bits) {
    return new Int(GgufValueType.UINT64, bits);
  }

  /** An INT64 value. */
  static GgufValue i64(long value) {
    return new Int(GgufValueType.INT64, value);
  }

  /** A FLOAT32 value. */
  static GgufValue f32(float value) {
    return new Real(GgufValueType.FLOAT32, value);
  }

  /** A FLOAT64 value. */
  static GgufValue f64(double value) {
    return new Real(GgufValueType.FLOAT64, value);
  }

  /** A BOOL value. */
  static GgufValue bool(boolean value) {
    return new Bool(value);
  }

  /** A STRING value. */
  static GgufValue string(String value) {
    return new Text(value);
  }

  /** An array of strings. */
  static GgufValue strings(List<String> values) {
    return new Array(GgufValueType.STRING, values.stream().map(GgufValue::string).toList());
  }

  /** An array of INT32 values. */
  static GgufValue i32s(int... values) {
    return new Array(GgufValueType.INT32, Arrays.stream(values).mapToObj(GgufValue::i32).toList());
  }
}
