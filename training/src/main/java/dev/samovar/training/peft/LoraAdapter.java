package dev.samovar.training.peft;

import dev.samovar.training.TrainingException;
import dev.samovar.training.safetensors.Checkpoint;
import dev.samovar.training.safetensors.TensorEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PEFT LoRA adapter directory: its config and {@code adapter_model.safetensors}, grouped into
 * low-rank modules (A and B of each, shapes and ranks checked) and whole replacement weights
 * ({@code modules_to_save}). Tensor names are {@code base_model.model.} plus the base parameter
 * path.
 */
public final class LoraAdapter implements AutoCloseable {
  /** The weights file of a PEFT adapter directory. */
  public static final String WEIGHTS = "adapter_model.safetensors";

  private static final String PREFIX = "base_model.model.";

  private final AdapterConfig config;
  private final Checkpoint tensors;
  private final List<LoraModule> modules;
  private final Map<String, TensorEntry> replacements;

  private LoraAdapter(
      AdapterConfig config,
      Checkpoint tensors,
      List<LoraModule> modules,
      Map<String, TensorEntry> replacements) {
    this.config = config;
    this.tensors = tensors;
    this.modules = modules;
    this.replacements = replacements;
  }

  /** Opens and checks the adapter in {@code dir}. */
  public static LoraAdapter open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new TrainingException("adapter directory not found: " + dir);
    }
    AdapterConfig config = AdapterConfig.read(dir);
    Path weights = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(weights)) {
      throw new TrainingException(
          Files.exists(dir.resolve("adapter_model.bin"))
              ? dir + " holds adapter_model.bin; samovar reads " + WEIGHTS + " only"
              : "no " + WEIGHTS + " in " + dir);
    }
    Checkpoint tensors = Checkpoint.openFile(weights);
    try {
      return group(config, tensors, weights);
    } catch (RuntimeException e) {
      tensors.close();
      throw e;
    }
  }

  private static LoraAdapter group(AdapterConfig config, Checkpoint tensors, Path weights) {
    Map<String, TensorEntry[]> pairs = new LinkedHashMap<>();
    Map<String, Boolean> embedding = new LinkedHashMap<>();
    Map<String, TensorEntry> replacements = new LinkedHashMap<>();
    for (TensorEntry tensor : tensors.tensors()) {
      String name = tensor.name();
      if (!name.startsWith(PREFIX)) {
        throw new TrainingException(
            weights + " has tensor '" + name + "', which does not start with " + PREFIX);
      }
      String path = name.substring(PREFIX.length());
      if (path.contains("lora_magnitude_vector")) {
        throw new TrainingException(weights + " has DoRA magnitudes ('" + name + "')");
      }
      String[][] kinds = {
        {".lora_A.weight", "A", "linear"},
        {".lora_B.weight", "B", "linear"},
        {".lora_embedding_A", "A", "embedding"},
        {".lora_embedding_B", "B", "embedding"}
      };
      boolean placed = false;
      for (String[] kind : kinds) {
        if (path.endsWith(kind[0])) {
          String module = path.substring(0, path.length() - kind[0].length());
          Boolean previous = embedding.put(module, kind[2].equals("embedding"));
          if (previous != null && previous != kind[2].equals("embedding")) {
            throw new TrainingException(
                weights + " mixes linear and embedding LoRA tensors for " + module);
          }
          TensorEntry[] pair = pairs.computeIfAbsent(module, m -> new TensorEntry[2]);
          pair[kind[1].equals("A") ? 0 : 1] = tensor;
          placed = true;
        }
      }
      if (placed) {
        continue;
      }
      if (path.contains(".lora_")) {
        throw new TrainingException(
            weights + " has tensor '" + name + "' of an unsupported LoRA kind");
      }
      String module = path.endsWith(".weight") ? path.substring(0, path.length() - 7) : path;
      if (!path.endsWith(".weight") || !config.saves(module)) {
        throw new TrainingException(
            weights
                + " has tensor '"
                + name
                + "', neither a LoRA A/B nor a weight of a module in modules_to_save");
      }
      replacements.put(path, tensor);
    }
    List<LoraModule> modules = new ArrayList<>();
    for (Map.Entry<String, TensorEntry[]> entry : pairs.entrySet()) {
      modules.add(
          module(config, weights, entry.getKey(), entry.getValue(), embedding.get(entry.getKey())));
    }
    if (modules.isEmpty() && replacements.isEmpty()) {
      throw new TrainingException(weights + " holds no LoRA tensors");
    }
    return new LoraAdapter(
        config,
        tensors,
        Collections.unmodifiableList(modules),
        Collections.unmodifiableMap(replacements));
  }

  private static LoraModule module(
      AdapterConfig config, Path weights, String module, TensorEntry[] pair, boolean embedding) {
    String aName = embedding ? "lora_embedding_A" : "lora_A";
    String bName = embedding ? "lora_embedding_B" : "lora_B";
    if (pair[0] == null || pair[1] == null) {
      throw new TrainingException(
          weights
              + " has "
              + (pair[0] == null ? bName + " but no " + aName : aName + " but no " + bName)
              + " for "
              + module);
    }
    TensorEntry a = pair[0];
    TensorEntry b = pair[1];
    if (a.rank() != 2 || b.rank() != 2 || a.dim(0) != b.dim(1)) {
      throw new TrainingException(
          weights
              + ": "
              + module
              + " has "
              + aName
              + " "
              + a.shapeText()
              + " and "
              + bName
              + " "
              + b.shapeText()
              + "; expected [r, "
              + (embedding ? "vocab" : "in")
              + "] and ["
              + (embedding ? "hidden" : "out")
              + ", r]");
    }
    if (!config.targets(module)) {
      throw new TrainingException(
          weights
              + " has LoRA weights for "
              + module
              + ", which target_modules "
              + config.targetModules().orElseThrow()
              + " does not name");
    }
    int rank = (int) a.dim(0);
    int configured = config.rankOf(module);
    if (rank != configured) {
      throw new TrainingException(
          weights
              + ": "
              + module
              + " has rank "
              + rank
              + " ("
              + aName
              + " "
              + a.shapeText()
              + "), but adapter_config.json gives it rank "
              + configured);
    }
    return new LoraModule(
        module, embedding, a, b, rank, config.alphaOf(module), config.scaleOf(module, rank));
  }

  public AdapterConfig config() {
    return config;
  }

  /** The adapter's tensors, to read A and B from. */
  public Checkpoint tensors() {
    return tensors;
  }

  /** The low-rank modules, in file order. */
  public List<LoraModule> modules() {
    return modules;
  }

  /** Whole replacement weights (modules_to_save), by base weight name. */
  public Map<String, TensorEntry> replacements() {
    return replacements;
  }

  @Override
  public void close() throws IOException {
    tensors.close();
  }
}
