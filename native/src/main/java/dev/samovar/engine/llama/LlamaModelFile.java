package dev.samovar.engine.llama;

import dev.samovar.engine.ModelLoadException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A GGUF file loaded by llama.cpp: the model (or, for tokenizer work, its vocabulary alone), the
 * LoRA adapters loaded for it, and what it says about itself. Freed once by {@link #close()}, the
 * adapters first.
 */
final class LlamaModelFile implements AutoCloseable {
  private final LlamaLibrary library;
  private final MemorySegment model;
  private final LlamaVocabulary vocabulary;
  private final List<MemorySegment> adapters = new ArrayList<>();
  private boolean freed;

  private LlamaModelFile(LlamaLibrary library, MemorySegment model) {
    this.library = library;
    this.model = model;
    this.vocabulary = new LlamaVocabulary(library, library.vocabulary(model));
  }

  /**
   * Loads {@code path}; with {@code vocabOnly} only the vocabulary, without weights.
   *
   * @throws ModelLoadException when the file is missing or llama.cpp cannot load it
   */
  static LlamaModelFile load(Path path, boolean vocabOnly) {
    return load(path, vocabOnly, LlamaLibrary.get(), GpuPlacement.CPU);
  }

  /**
   * Loads {@code path}'s weights with {@code library}, placed on GPUs by {@code placement}.
   *
   * @throws ModelLoadException when the file is missing or llama.cpp cannot load it
   */
  static LlamaModelFile load(Path path, LlamaLibrary library, GpuPlacement placement) {
    return load(path, false, library, placement);
  }

  private static LlamaModelFile load(
      Path path, boolean vocabOnly, LlamaLibrary library, GpuPlacement placement) {
    if (!Files.isRegularFile(path)) {
      throw new ModelLoadException("model file not found: " + path);
    }
    LlamaLibrary.takeFirstError();
    MemorySegment model = library.loadModel(path, vocabOnly, placement);
    if (model.equals(MemorySegment.NULL)) {
      String reason = LlamaLibrary.takeFirstError();
      throw new ModelLoadException(
          "llama.cpp cannot load the model "
              + path
              + (reason == null ? "" : ": " + reason.strip()));
    }
    return new LlamaModelFile(library, model);
  }

  /**
   * Loads a GGUF LoRA adapter for this model; it is freed with the model.
   *
   * @throws ModelLoadException when the file is missing or does not fit the model
   */
  MemorySegment loadAdapter(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ModelLoadException("LoRA adapter not found: " + path);
    }
    LlamaLibrary.takeFirstError();
    MemorySegment adapter = library.loadAdapter(model, path);
    if (adapter.equals(MemorySegment.NULL)) {
      String reason = LlamaLibrary.takeFirstError();
      throw new ModelLoadException(
          "llama.cpp cannot load the LoRA adapter "
              + path
              + (reason == null ? "" : ": " + reason.strip()));
    }
    adapters.add(adapter);
    return adapter;
  }

  MemorySegment pointer() {
    return model;
  }

  LlamaVocabulary vocabulary() {
    return vocabulary;
  }

  int layerCount() {
    return library.layerCount(model);
  }

  int trainContextLength() {
    return library.trainContextLength(model);
  }

  String description() {
    return library.description(model);
  }

  /** The model's default chat template, or null when the file has none. */
  String chatTemplate() {
    return library.chatTemplate(model);
  }

  @Override
  public void close() {
    if (!freed) {
      freed = true;
      try {
        adapters.forEach(library::freeAdapter);
      } finally {
        library.freeModel(model);
      }
    }
  }
}
