package dev.samovar.training.merge;

import dev.samovar.training.peft.LoraModule;
import dev.samovar.training.safetensors.Dtype;
import dev.samovar.training.safetensors.TensorEntry;
import dev.samovar.training.safetensors.TensorLayout;
import java.util.Optional;

/**
 * One tensor of the merged model and where its values come from.
 *
 * @param name its name in the merged model
 * @param source the base tensor (or the replacement from modules_to_save)
 * @param dtype the dtype it is written in
 * @param update the LoRA update added to it, if any
 */
record MergedTensor(String name, TensorEntry source, Dtype dtype, Optional<LoraModule> update) {

  TensorLayout layout() {
    return new TensorLayout(name, dtype, source.shape());
  }

  /** Whether its bytes are the source's, unchanged. */
  boolean copiedAsIs() {
    return update.isEmpty() && (dtype == source.dtype() || !source.dtype().isFloat());
  }
}
