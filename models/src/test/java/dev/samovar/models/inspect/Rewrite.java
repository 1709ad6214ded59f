package dev.samovar.models.inspect;

import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufValue;
import dev.samovar.models.gguf.GgufWriter;
import dev.samovar.models.gguf.TensorInfo;
import dev.samovar.models.gguf.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Copies a GGUF file with edited metadata and some tensors left out, to make invalid models. */
final class Rewrite {
  private Rewrite() {}

  static Path copy(
      Path source, Path target, Consumer<Map<String, GgufValue>> edit, Predicate<String> keep)
      throws IOException {
    GgufFile in = GgufFile.read(source);
    Map<String, GgufValue> values = new LinkedHashMap<>(in.metadata().asMap());
    edit.accept(values);
    GgufMetadata.Builder metadata = GgufMetadata.builder();
    values.forEach(metadata::put);
    List<TensorInfo> tensors = in.tensors().stream().filter(t -> keep.test(t.name())).toList();
    List<TensorSpec> specs =
        tensors.stream().map(t -> TensorSpec.of(t.name(), t.type(), t.ne())).toList();
    try (GgufWriter writer = GgufWriter.create(target, metadata.build(), specs)) {
      for (TensorInfo tensor : tensors) {
        writer.writeTensor(tensor.name(), in.readTensor(tensor));
      }
    }
    return target;
  }
}
