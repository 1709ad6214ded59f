package dev.samovar.models.inspect;

import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a GGUF file before llama.cpp loads it, which would otherwise fail opaquely or take the JVM
 * down: the file must be a complete, well-formed GGUF v3 file of the {@code llama} architecture
 * with its hyperparameters, every tensor a Llama layer needs, a vocabulary and a chat template.
 */
public final class ModelValidator {
  /** The architectures samovar serves. */
  public static final List<String> ARCHITECTURES = List.of("llama");

  private static final List<String> LAYER_TENSORS =
      List.of(
          "attn_norm",
          "attn_q",
          "attn_k",
          "attn_v",
          "attn_output",
          "ffn_norm",
          "ffn_gate",
          "ffn_up",
          "ffn_down");

  private ModelValidator() {}

  /**
   * Reads {@code path} and checks that it can be served.
   *
   * @return the file's header
   * @throws InvalidModelException naming the file and the problem when it cannot be served
   */
  public static GgufFile validate(Path path) {
    GgufFile gguf = read(path);
    Optional<String> problem = problem(gguf);
    if (problem.isPresent()) {
      throw new InvalidModelException(path + " cannot be served: " + problem.get());
    }
    return gguf;
  }

  /**
   * Reads the header of {@code path}.
   *
   * @throws InvalidModelException when it is not a readable, well-formed GGUF v3 file
   */
  public static GgufFile read(Path path) {
    try {
      return GgufFile.read(path);
    } catch (GgufFormatException e) {
      throw new InvalidModelException(
          path
              + " is not a valid GGUF file ("
              + e.getMessage()
              + "); if it was downloaded, it is truncated or corrupt: delete it and download it"
              + " again",
          e);
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + path + ": " + e, e);
    }
  }

  /** What keeps {@code gguf} from being served, or empty when nothing does. */
  public static Optional<String> problem(GgufFile gguf) {
    ModelFacts facts;
    try {
      facts = ModelInspector.inspect(gguf);
    } catch (GgufFormatException e) {
      return Optional.of(e.getMessage());
    }
    String architecture = facts.architecture();
    if (architecture.isEmpty()) {
      return Optional.of("it has no general.architecture");
    }
    if (!ARCHITECTURES.contains(architecture)) {
      return Optional.of(
          "its architecture '"
              + architecture
              + "' is not supported (samovar serves "
              + String.join(", ", ARCHITECTURES)
              + ")");
    }
    if (facts.vocabularyOnly()) {
      return Optional.of("it has no tensors: it is a vocabulary-only GGUF file");
    }
    ModelShape shape = facts.shape();
    String prefix = architecture + ".";
    if (shape.layers() == 0) {
      return Optional.of("it lacks " + prefix + "block_count");
    }
    if (shape.embedding() == 0) {
      return Optional.of("it lacks " + prefix + "embedding_length");
    }
    if (shape.heads() == 0) {
      return Optional.of("it lacks " + prefix + "attention.head_count");
    }
    if (shape.contextLength() == 0) {
      return Optional.of("it lacks " + prefix + "context_length");
    }
    if (shape.vocabSize() == 0) {
      return Optional.of("it has no vocabulary (tokenizer.ggml.tokens)");
    }
    Optional<String> missing = missingTensor(gguf, shape.layers());
    if (missing.isPresent()) {
      return Optional.of("it lacks the tensor " + missing.get());
    }
    if (facts.chatTemplate().isEmpty()) {
      return Optional.of(
          "it has no chat template (tokenizer.chat_template), and samovar formats chats only with"
              + " the model's own template; convert the model again with its"
              + " tokenizer_config.json");
    }
    return Optional.empty();
  }

  private static Optional<String> missingTensor(GgufFile gguf, int layers) {
    Set<String> names = new HashSet<>();
    gguf.tensors().forEach(t -> names.add(t.name()));
    for (String name : List.of("token_embd.weight", "output_norm.weight")) {
      if (!names.contains(name)) {
        return Optional.of(name);
      }
    }
    for (int layer = 0; layer < layers; layer++) {
      for (String tensor : LAYER_TENSORS) {
        String name = "blk." + layer + "." + tensor + ".weight";
        if (!names.contains(name)) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }
}
