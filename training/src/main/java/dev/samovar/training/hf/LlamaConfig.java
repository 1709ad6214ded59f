package dev.samovar.training.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The parts of a Hugging Face Llama {@code config.json} that a GGUF export needs, checked: a {@code
 * LlamaForCausalLM} without biases, SiLU activation, heads that divide evenly.
 *
 * @param hidden hidden_size
 * @param feedForward intermediate_size
 * @param layers num_hidden_layers
 * @param heads num_attention_heads
 * @param kvHeads num_key_value_heads (heads when absent)
 * @param headDim head_dim (hidden / heads when absent)
 * @param contextLength max_position_embeddings
 * @param rmsNormEps rms_norm_eps
 * @param ropeTheta rope_theta (10000 when absent, as in transformers)
 * @param ropeScaling rope_scaling
 * @param vocabSize vocab_size
 * @param tiedEmbeddings tie_word_embeddings
 */
public record LlamaConfig(
    int hidden,
    int feedForward,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int contextLength,
    double rmsNormEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    int vocabSize,
    boolean tiedEmbeddings) {

  /** The config file of a model directory. */
  public static final String FILE = "config.json";

  /** Reads {@code dir/config.json}. */
  public static LlamaConfig read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    JsonNode root = JsonFiles.read(file);
    String modelType = JsonFiles.text(file, root, "model_type", null);
    JsonNode architectures = root.get("architectures");
    boolean causalLlama =
        architectures != null
            && architectures.isArray()
            && architectures.size() == 1
            && "LlamaForCausalLM".equals(architectures.get(0).asText());
    if (!"llama".equals(modelType) || !causalLlama) {
      throw new TrainingException(
          file
              + " describes model_type "
              + modelType
              + ", architectures "
              + architectures
              + "; samovar exports LlamaForCausalLM models only");
    }
    String activation = JsonFiles.text(file, root, "hidden_act", "silu");
    if (!activation.equals("silu")) {
      throw new TrainingException(file + ": hidden_act " + activation + " is not supported (silu)");
    }
    for (String bias : new String[] {"attention_bias", "mlp_bias"}) {
      if (JsonFiles.bool(file, root, bias, false)) {
        throw new TrainingException(file + ": " + bias + " is true; Llama GGUF has no biases");
      }
    }
    int hidden = JsonFiles.positive(file, root, "hidden_size");
    int heads = JsonFiles.positive(file, root, "num_attention_heads");
    int kvHeads =
        root.has("num_key_value_heads") && !root.get("num_key_value_heads").isNull()
            ? JsonFiles.positive(file, root, "num_key_value_heads")
            : heads;
    if (heads % kvHeads != 0) {
      throw new TrainingException(
          file + ": " + heads + " attention heads do not split into " + kvHeads + " KV groups");
    }
    int headDim;
    if (root.has("head_dim") && !root.get("head_dim").isNull()) {
      headDim = JsonFiles.positive(file, root, "head_dim");
    } else {
      if (hidden % heads != 0) {
        throw new TrainingException(
            file + ": hidden_size " + hidden + " is not a multiple of " + heads + " heads");
      }
      headDim = hidden / heads;
    }
    if (headDim % 2 != 0) {
      throw new TrainingException(file + ": head dimension " + headDim + " is odd");
    }
    double ropeTheta = JsonFiles.number(file, root, "rope_theta", 10000.0);
    return new LlamaConfig(
        hidden,
        JsonFiles.positive(file, root, "intermediate_size"),
        JsonFiles.positive(file, root, "num_hidden_layers"),
        heads,
        kvHeads,
        headDim,
        JsonFiles.positive(file, root, "max_position_embeddings"),
        JsonFiles.number(file, root, "rms_norm_eps", 1e-6),
        ropeTheta,
        ropeScaling(file, root.get("rope_scaling")),
        JsonFiles.positive(file, root, "vocab_size"),
        JsonFiles.bool(file, root, "tie_word_embeddings", false));
  }

  private static RopeScaling ropeScaling(Path file, JsonNode node) {
    if (node == null || node.isNull()) {
      return new RopeScaling.None();
    }
    if (!node.isObject()) {
      throw new TrainingException(file + ": rope_scaling is " + node + ", not an object");
    }
    String type = JsonFiles.text(file, node, "rope_type", JsonFiles.text(file, node, "type", null));
    if ("default".equals(type)) {
      return new RopeScaling.None();
    }
    double factor = JsonFiles.number(file, node, "factor", Double.NaN);
    if (type == null || !(factor > 0)) {
      throw new TrainingException(file + ": rope_scaling " + node + " lacks rope_type or factor");
    }
    return switch (type) {
      case "linear" -> new RopeScaling.Linear(factor);
      case "llama3" -> {
        long original = JsonFiles.integer(file, node, "original_max_position_embeddings", -1);
        double low = JsonFiles.number(file, node, "low_freq_factor", Double.NaN);
        double high = JsonFiles.number(file, node, "high_freq_factor", Double.NaN);
        if (original < 1 || !(low > 0) || !(high > low)) {
          throw new TrainingException(
              file + ": rope_scaling " + node + " is not a complete llama3 scaling");
        }
        yield new RopeScaling.Llama3(factor, low, high, (int) original);
      }
      default ->
          throw new TrainingException(
              file + ": rope_scaling type '" + type + "' is not supported (linear, llama3)");
    };
  }

  /** Rows of the K and V projections: KV heads times the head dimension. */
  public int kvDim() {
    return kvHeads * headDim;
  }

  /** Rows of the Q projection: heads times the head dimension. */
  public int qDim() {
    return heads * headDim;
  }
}
