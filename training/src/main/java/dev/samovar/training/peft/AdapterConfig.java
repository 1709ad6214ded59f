package dev.samovar.training.peft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.training.TrainingException;
import dev.samovar.training.hf.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * A PEFT LoRA {@code adapter_config.json}: default rank and alpha, rsLoRA, per-module rank and
 * alpha patterns, target modules and modules to save. Options a merged or GGUF adapter cannot
 * represent (DoRA, LoRA biases, trainable token indices, fan-in-fan-out weights, layer replication)
 * are refused.
 *
 * @param rank r
 * @param alpha lora_alpha
 * @param rsLora use_rslora: scale alpha/sqrt(r) instead of alpha/r
 * @param rankPattern rank_pattern: module pattern to rank, in file order (the first match wins)
 * @param alphaPattern alpha_pattern: module pattern to alpha, in file order
 * @param targetModules target_modules: names or suffixes, a full-match regex, or all-linear; empty
 *     when absent
 * @param modulesToSave modules_to_save: modules stored whole in the adapter
 */
public record AdapterConfig(
    int rank,
    double alpha,
    boolean rsLora,
    Map<String, Integer> rankPattern,
    Map<String, Double> alphaPattern,
    Optional<JsonNode> targetModules,
    List<String> modulesToSave) {

  /** The config file of a PEFT adapter directory. */
  public static final String FILE = "adapter_config.json";

  public AdapterConfig {
    rankPattern = Collections.unmodifiableMap(new LinkedHashMap<>(rankPattern));
    alphaPattern = Collections.unmodifiableMap(new LinkedHashMap<>(alphaPattern));
    modulesToSave = List.copyOf(modulesToSave);
  }

  /** Reads and checks {@code dir/adapter_config.json}. */
  public static AdapterConfig read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    JsonNode root = JsonFiles.read(file);
    String type = JsonFiles.text(file, root, "peft_type", null);
    if (!"LORA".equals(type)) {
      throw new TrainingException(file + ": peft_type is " + type + "; samovar handles LORA only");
    }
    refuseIfSet(file, root, "use_dora", "DoRA adapters");
    refuseIfSet(file, root, "lora_bias", "LoRA biases");
    refuseIfSet(file, root, "fan_in_fan_out", "fan_in_fan_out (Conv1D-style) weights");
    refuseIfSet(file, root, "trainable_token_indices", "trainable token indices");
    refuseIfSet(file, root, "layer_replication", "layer replication");
    refuseIfSet(file, root, "use_qalora", "QALoRA");
    String bias = JsonFiles.text(file, root, "bias", "none");
    if (!bias.equals("none")) {
      throw new TrainingException(
          file + ": bias '" + bias + "' trains biases, which Llama does not have; use 'none'");
    }
    long rank = JsonFiles.integer(file, root, "r", 8);
    if (rank < 1 || rank > Integer.MAX_VALUE) {
      throw new TrainingException(file + ": r is " + rank + ", not a positive rank");
    }
    double alpha = JsonFiles.number(file, root, "lora_alpha", 8);
    Map<String, Integer> rankPattern = new LinkedHashMap<>();
    JsonNode ranks = root.get("rank_pattern");
    if (ranks != null && !ranks.isNull()) {
      for (Map.Entry<String, JsonNode> entry : objectFields(file, ranks, "rank_pattern")) {
        long r = JsonFiles.integer(file, ranks, entry.getKey(), -1);
        if (r < 1 || r > Integer.MAX_VALUE) {
          throw new TrainingException(
              file + ": rank_pattern '" + entry.getKey() + "' is " + entry.getValue());
        }
        rankPattern.put(entry.getKey(), (int) r);
      }
    }
    Map<String, Double> alphaPattern = new LinkedHashMap<>();
    JsonNode alphas = root.get("alpha_pattern");
    if (alphas != null && !alphas.isNull()) {
      for (Map.Entry<String, JsonNode> entry : objectFields(file, alphas, "alpha_pattern")) {
        alphaPattern.put(entry.getKey(), JsonFiles.number(file, alphas, entry.getKey(), 0));
      }
    }
    JsonNode targets = root.get("target_modules");
    JsonNode saves = root.get("modules_to_save");
    List<String> modulesToSave =
        saves == null || saves.isNull()
            ? List.of()
            : StreamSupport.stream(saves.spliterator(), false).map(JsonNode::asText).toList();
    return new AdapterConfig(
        (int) rank,
        alpha,
        JsonFiles.bool(file, root, "use_rslora", false),
        rankPattern,
        alphaPattern,
        targets == null || targets.isNull() ? Optional.empty() : Optional.of(targets),
        modulesToSave);
  }

  /** The rank a module has by this config: its first matching rank_pattern, else r. */
  public int rankOf(String module) {
    return match(rankPattern, module).orElse(rank);
  }

  /** The alpha of a module: its first matching alpha_pattern, else lora_alpha. */
  public double alphaOf(String module) {
    return match(alphaPattern, module).orElse(alpha);
  }

  /** The factor a module's B·A is multiplied by: alpha/r, or alpha/sqrt(r) with rsLoRA. */
  public double scaleOf(String module, int moduleRank) {
    double a = alphaOf(module);
    return rsLora ? a / Math.sqrt(moduleRank) : a / moduleRank;
  }

  /** Whether target_modules names {@code module} (true when target_modules is absent). */
  public boolean targets(String module) {
    if (targetModules.isEmpty()) {
      return true;
    }
    JsonNode targets = targetModules.get();
    if (targets.isTextual()) {
      String target = targets.asText();
      if (target.equals("all-linear")) {
        return !module.equals("lm_head") && !module.endsWith("embed_tokens");
      }
      return Pattern.compile(target).matcher(module).matches();
    }
    for (JsonNode target : targets) {
      String name = target.asText();
      if (module.equals(name) || module.endsWith("." + name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether modules_to_save names {@code module}. */
  public boolean saves(String module) {
    return modulesToSave.stream().anyMatch(m -> module.equals(m) || module.endsWith("." + m));
  }

  /** Whether some module has its own alpha (alpha_pattern is not empty). */
  public boolean hasAlphaPattern() {
    return !alphaPattern.isEmpty();
  }

  private static <V> Optional<V> match(Map<String, V> patterns, String module) {
    for (Map.Entry<String, V> entry : patterns.entrySet()) {
      if (Pattern.compile("(.*\\.)?(" + entry.getKey() + ")").matcher(module).matches()) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  private static Iterable<Map.Entry<String, JsonNode>> objectFields(
      Path file, JsonNode node, String field) {
    if (!node.isObject()) {
      throw new TrainingException(file + ": " + field + " is " + node + ", not an object");
    }
    return node.properties();
  }

  private static void refuseIfSet(Path file, JsonNode root, String field, String what) {
    JsonNode value = root.get(field);
    boolean set =
        value != null
            && !value.isNull()
            && !(value.isBoolean() && !value.asBoolean())
            && !(value.isContainerNode() && value.isEmpty());
    if (set) {
      throw new TrainingException(
          file + ": " + field + " is " + value + "; " + what + " are not supported");
    }
  }
}
