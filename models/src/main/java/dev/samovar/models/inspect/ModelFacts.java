package dev.samovar.models.inspect;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a GGUF model file is, as {@code samovar models inspect} shows it.
 *
 * @param path the file
 * @param fileSize its size in bytes
 * @param architecture {@code general.architecture}, or empty when the file does not say
 * @param name {@code general.name}
 * @param fileType the quantization llama.cpp recorded ({@code general.file_type}), e.g. Q4_K_M
 * @param parameters the elements of all tensors
 * @param tensorCount the tensors
 * @param shape the hyperparameters
 * @param quantization the tensor types by the bytes they hold, largest first
 * @param specialTokens the tokens the tokenizer metadata names for a role, in role order
 * @param chatTemplate {@code tokenizer.chat_template}
 */
public record ModelFacts(
    Path path,
    long fileSize,
    String architecture,
    Optional<String> name,
    Optional<String> fileType,
    long parameters,
    int tensorCount,
    ModelShape shape,
    List<TypeShare> quantization,
    List<SpecialToken> specialTokens,
    Optional<String> chatTemplate) {
  public ModelFacts {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fileType, "fileType");
    Objects.requireNonNull(shape, "shape");
    quantization = List.copyOf(quantization);
    specialTokens = List.copyOf(specialTokens);
    Objects.requireNonNull(chatTemplate, "chatTemplate");
  }

  /** The family of the chat template, when there is one. */
  public Optional<ChatTemplateFamily> chatTemplateFamily() {
    return chatTemplate.map(ChatTemplateFamily::of);
  }

  /** Whether the file holds a vocabulary but no weights. */
  public boolean vocabularyOnly() {
    return tensorCount == 0;
  }
}
