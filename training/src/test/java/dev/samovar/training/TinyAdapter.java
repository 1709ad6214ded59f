package dev.samovar.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.training.safetensors.Dtype;
import dev.samovar.training.safetensors.TensorLayout;
import dev.samovar.training.tiny.TinyLlama;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A PEFT LoRA adapter for a {@link TinyCheckpoint}, written by the tests: A and B of the chosen
 * modules (by default q/k/v/o/gate/up/down of every layer and lm_head) with random values, and an
 * adapter_config.json that tests may edit.
 */
public final class TinyAdapter {
  static final List<String> LAYER_MODULES =
      List.of(
          "self_attn.q_proj",
          "self_attn.k_proj",
          "self_attn.v_proj",
          "self_attn.o_proj",
          "mlp.gate_proj",
          "mlp.up_proj",
          "mlp.down_proj");

  /** A and B of every module, by module path, as PEFT stores them ([r, in] and [out, r]). */
  final Map<String, float[][]> factors = new LinkedHashMap<>();

  final Map<String, long[][]> shapes = new LinkedHashMap<>();
  final ObjectNode config;
  private final Map<String, float[]> tensors = new LinkedHashMap<>();
  private final List<TensorLayout> layouts = new ArrayList<>();

  private TinyAdapter(ObjectNode config) {
    this.config = config;
  }

  /** The standard modules of {@code checkpoint}: every layer's projections and lm_head. */
  public static List<String> standardModules(TinyLlama.Shape shape) {
    List<String> modules = new ArrayList<>();
    for (int i = 0; i < shape.layers(); i++) {
      for (String module : LAYER_MODULES) {
        modules.add("model.layers." + i + "." + module);
      }
    }
    modules.add("lm_head");
    return modules;
  }

  /**
   * An adapter of rank {@code rank} (per module: {@code ranks}) on {@code modules}; {@code edit}
   * changes the config before it is written.
   */
  public static TinyAdapter write(
      Path dir,
      TinyCheckpoint base,
      List<String> modules,
      Map<String, Integer> ranks,
      int rank,
      double alpha,
      long seed,
      Consumer<ObjectNode> edit)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    config.put("peft_type", "LORA");
    config.put("task_type", "CAUSAL_LM");
    config.put("base_model_name_or_path", "tiny");
    config.put("r", rank);
    config.put("lora_alpha", alpha);
    config.put("lora_dropout", 0.05);
    config.put("bias", "none");
    config.put("fan_in_fan_out", false);
    config.put("use_rslora", false);
    config.put("use_dora", false);
    config.putObject("rank_pattern");
    config.putObject("alpha_pattern");
    config.putNull("modules_to_save");
    var targets = config.putArray("target_modules");
    modules.stream().map(m -> m.substring(m.lastIndexOf('.') + 1)).distinct().forEach(targets::add);
    edit.accept(config);
    TinyAdapter adapter = new TinyAdapter(config);
    Random random = new Random(seed);
    for (String module : modules) {
      int r = ranks.getOrDefault(module, rank);
      boolean embedding = module.endsWith("embed_tokens");
      long[] weight = base.shapes.get(module + ".weight");
      long out = weight[0];
      long in = weight[1];
      float[] a = gaussian(random, (int) (r * (embedding ? out : in)), 0.1);
      float[] b = gaussian(random, (int) ((embedding ? in : out) * r), 0.1);
      adapter.factors.put(module, new float[][] {a, b});
      String prefix = "base_model.model." + module;
      String aName = prefix + (embedding ? ".lora_embedding_A" : ".lora_A.weight");
      String bName = prefix + (embedding ? ".lora_embedding_B" : ".lora_B.weight");
      long[] aShape = embedding ? new long[] {r, out} : new long[] {r, in};
      long[] bShape = embedding ? new long[] {in, r} : new long[] {out, r};
      adapter.shapes.put(module, new long[][] {aShape, bShape});
      adapter.add(aName, a, aShape);
      adapter.add(bName, b, bShape);
    }
    adapter.save(dir);
    return adapter;
  }

  /** The standard rank-8, alpha-16 adapter on {@link #standardModules}. */
  static TinyAdapter write(Path dir, TinyCheckpoint base) throws IOException {
    return write(dir, base, standardModules(base.shape), Map.of(), 8, 16, 2, c -> {});
  }

  /** Adds a whole replacement weight (modules_to_save) to the saved tensors. */
  void addReplacement(Path dir, String weight, float[] values, long[] shape) throws IOException {
    add("base_model.model." + weight, values, shape);
    save(dir);
  }

  /** Rewrites adapter_model.safetensors with tensors renamed by {@code rename}. */
  void renameTensors(Path dir, java.util.function.UnaryOperator<String> rename) throws IOException {
    Map<String, float[]> renamed = new LinkedHashMap<>();
    List<TensorLayout> renamedLayouts = new ArrayList<>();
    for (TensorLayout layout : layouts) {
      String name = rename.apply(layout.name());
      renamed.put(name, tensors.get(layout.name()));
      renamedLayouts.add(new TensorLayout(name, layout.dtype(), layout.shape()));
    }
    TinyLlama.writeSafetensors(
        dir.resolve("adapter_model.safetensors"), renamedLayouts, renamed, Dtype.F32);
  }

  private void add(String name, float[] values, long[] shape) {
    tensors.put(name, values);
    layouts.add(new TensorLayout(name, Dtype.F32, shape));
  }

  void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    new ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("adapter_config.json").toFile(), config);
    TinyLlama.writeSafetensors(
        dir.resolve("adapter_model.safetensors"), layouts, tensors, Dtype.F32);
  }

  private static float[] gaussian(Random random, int n, double std) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (std * random.nextGaussian());
    }
    return values;
  }
}
