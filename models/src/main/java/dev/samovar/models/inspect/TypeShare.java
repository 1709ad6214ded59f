package dev.samovar.models.inspect;

import dev.samovar.models.gguf.GgmlType;
import java.util.Objects;

/**
 * How much of a model's weights one tensor type holds.
 *
 * @param type the ggml type
 * @param tensors tensors of that type
 * @param elements their elements (parameters)
 * @param bytes their data size
 */
public record TypeShare(GgmlType type, int tensors, long elements, long bytes) {
  public TypeShare {
    Objects.requireNonNull(type, "type");
  }
}
