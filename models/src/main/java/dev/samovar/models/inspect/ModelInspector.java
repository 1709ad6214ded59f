package dev.samovar.models.inspect;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufFormatException;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufValue;
import dev.samovar.models.gguf.TensorInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the facts of a model from its GGUF header, without touching tensor data. */
public final class ModelInspector {
  /** The roles of {@code tokenizer.ggml.<role>_token_id}, in the order they are shown. */
  static final List<String> TOKEN_ROLES =
      List.of("bos", "eos", "eot", "eom", "unknown", "seperator", "padding", "mask");

  private ModelInspector() {}

  /**
   * The facts of {@code gguf}.
   *
   * @throws GgufFormatException when a metadata value has the wrong type or an impossible size
   */
  public static ModelFacts inspect(GgufFile gguf) {
    GgufMetadata m = gguf.metadata();
    long parameters = 0;
    for (TensorInfo tensor : gguf.tensors()) {
      parameters += tensor.elementCount();
    }
    return new ModelFacts(
        gguf.path(),
        gguf.fileSize(),
        m.optionalString("general.architecture").orElse(""),
        m.optionalString("general.name"),
        m.optionalU32("general.file_type").stream().mapToObj(FileTypes::name).findFirst(),
        parameters,
        gguf.tensors().size(),
        ModelShape.of(gguf),
        quantization(gguf.tensors()),
        specialTokens(m),
        m.optionalString("tokenizer.chat_template").filter(t -> !t.isBlank()));
  }

  private static List<TypeShare> quantization(List<TensorInfo> tensors) {
    Map<GgmlType, TypeShare> shares = new EnumMap<>(GgmlType.class);
    for (TensorInfo t : tensors) {
      shares.merge(
          t.type(),
          new TypeShare(t.type(), 1, t.elementCount(), t.byteSize()),
          (a, b) ->
              new TypeShare(
                  a.type(),
                  a.tensors() + b.tensors(),
                  a.elements() + b.elements(),
                  a.bytes() + b.bytes()));
    }
    List<TypeShare> sorted = new ArrayList<>(shares.values());
    sorted.sort(Comparator.comparingLong(TypeShare::bytes).reversed());
    return sorted;
  }

  private static List<SpecialToken> specialTokens(GgufMetadata m) {
    List<String> vocabulary =
        m.contains("tokenizer.ggml.tokens") ? m.strings("tokenizer.ggml.tokens") : List.of();
    List<SpecialToken> tokens = new ArrayList<>();
    for (String role : TOKEN_ROLES) {
      Optional<GgufValue> value = m.find("tokenizer.ggml." + role + "_token_id");
      if (value.isEmpty()) {
        continue;
      }
      if (!(value.get() instanceof GgufValue.Int id)) {
        throw new GgufFormatException(
            "metadata key 'tokenizer.ggml."
                + role
                + "_token_id' has type "
                + value.get().type()
                + ", expected an integer");
      }
      long index = id.value();
      String text = index >= 0 && index < vocabulary.size() ? vocabulary.get((int) index) : "";
      tokens.add(new SpecialToken(role, index, text));
    }
    return tokens;
  }
}
