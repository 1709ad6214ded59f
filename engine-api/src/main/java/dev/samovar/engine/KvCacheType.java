package dev.samovar.engine;

/** The element type llama.cpp stores the attention key/value cache in. */
public enum KvCacheType {
  /** Half precision, llama.cpp's default: half the memory, about 1e-3 relative error in logits. */
  F16(1),
  /** Single precision: twice the memory, logits as exact as the model's own weights allow. */
  F32(0);

  private final int ggmlType;

  KvCacheType(int ggmlType) {
    this.ggmlType = ggmlType;
  }

  /** The {@code enum ggml_type} value llama.cpp's context parameters take. */
  public int ggmlType() {
    return ggmlType;
  }
}
