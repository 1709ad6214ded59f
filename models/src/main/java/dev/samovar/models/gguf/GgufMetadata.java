package dev.samovar.models.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The metadata of a GGUF file: keys in file order, each with a typed value. The typed getters fail
 * with a {@link GgufFormatException} naming the key when it is missing or has another type.
 */
public final class GgufMetadata {
  private final Map<String, GgufValue> values;

  private GgufMetadata(Map<String, GgufValue> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** A builder that keeps keys in insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  /** The keys in file order. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** Key to value, in file order. */
  public Map<String, GgufValue> asMap() {
    return values;
  }

  public int size() {
    return values.size();
  }

  public boolean contains(String key) {
    return values.containsKey(key);
  }

  /** The value of {@code key}, if present. */
  public Optional<GgufValue> find(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The value of {@code key}; fails when absent. */
  public GgufValue get(String key) {
    GgufValue value = values.get(key);
    if (value == null) {
      throw new GgufFormatException("missing metadata key '" + key + "'");
    }
    return value;
  }

  public String string(String key) {
    return ((GgufValue.Text) typed(key, GgufValueType.STRING)).value();
  }

  public Optional<String> optionalString(String key) {
    return contains(key) ? Optional.of(string(key)) : Optional.empty();
  }

  /** A UINT32 value, 0 to 2^32-1. */
  public long u32(String key) {
    return ((GgufValue.Int) typed(key, GgufValueType.UINT32)).value();
  }

  public OptionalLong optionalU32(String key) {
    return contains(key) ? OptionalLong.of(u32(key)) : OptionalLong.empty();
  }

  public int i32(String key) {
    return (int) ((GgufValue.Int) typed(key, GgufValueType.INT32)).value();
  }

  /** A UINT64 value as its 64 bits. */
  public long u64(String key) {
    return ((GgufValue.Int) typed(key, GgufValueType.UINT64)).value();
  }

  public float f32(String key) {
    return (float) ((GgufValue.Real) typed(key, GgufValueType.FLOAT32)).value();
  }

  public boolean bool(String key) {
    return ((GgufValue.Bool) typed(key, GgufValueType.BOOL)).value();
  }

  /** An array value. */
  public GgufValue.Array array(String key) {
    return (GgufValue.Array) typed(key, GgufValueType.ARRAY);
  }

  /** An array of strings. */
  public List<String> strings(String key) {
    return array(key).strings();
  }

  /** An array of INT32 values. */
  public int[] i32s(String key) {
    return array(key).ints();
  }

  private GgufValue typed(String key, GgufValueType expected) {
    GgufValue value = get(key);
    if (value.type() != expected) {
      throw new GgufFormatException(
          "metadata key '" + key + "' has type " + value.type() + ", expected " + expected);
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GgufMetadata other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "GgufMetadata" + values.keySet();
  }

  /** Collects metadata in insertion order; a key may be set once. */
  public static final class Builder {
    private final Map<String, GgufValue> values = new LinkedHashMap<>();

    private Builder() {}

    /** Adds {@code key}; fails when it was added before. */
    public Builder put(String key, GgufValue value) {
      if (key.isEmpty()) {
        throw new IllegalArgumentException("metadata key must not be empty");
      }
      if (values.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("duplicate metadata key '" + key + "'");
      }
      return this;
    }

    public Builder string(String key, String value) {
      return put(key, GgufValue.string(value));
    }

    public Builder u32(String key, long value) {
      return put(key, GgufValue.u32(value));
    }

    public Builder f32(String key, float value) {
      return put(key, GgufValue.f32(value));
    }

    public Builder bool(String key, boolean value) {
      return put(key, GgufValue.bool(value));
    }

    public Builder strings(String key, List<String> value) {
      return put(key, GgufValue.strings(value));
    }

    public Builder i32s(String key, int... value) {
      return put(key, GgufValue.i32s(value));
    }

    public GgufMetadata build() {
      return new GgufMetadata(values);
    }
  }
}
