package dev.samovar.training.tiny;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.models.gguf.HalfFloats;
import dev.samovar.training.safetensors.Dtype;
import dev.samovar.training.safetensors.SafetensorsWriter;
import dev.samovar.training.safetensors.TensorLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A tiny Hugging Face Llama checkpoint: config.json (llama3 RoPE scaling with a short original
 * context, so that rope_freqs matters at short positions), the {@link TinyTokenizer}, and random
 * BF16 weights from a seed in two shards with an index. Small enough to fine-tune on a CPU, shaped
 * so that every export type (K-quant rows of 256) applies.
 */
public final class TinyLlama {
  /** The shape of a tiny model. */
  public record Shape(
      int vocab, int hidden, int ffn, int layers, int heads, int kvHeads, boolean tied) {
    /** The width of one attention head. */
    public int headDim() {
      return hidden / heads;
    }
  }

  /** 512 tokens, hidden 256 (K-quant rows), 4 heads of 64 over 2 KV heads, 2 layers. */
  public static final Shape SHAPE = new Shape(512, 256, 512, 2, 4, 2, false);

  /** The RoPE base frequency. */
  public static final double ROPE_THETA = 500000;

  /** The RMSNorm epsilon. */
  public static final double RMS_EPS = 1e-5;

  /** The original context of the llama3 RoPE scaling. */
  public static final int ORIGINAL_CONTEXT = 64;

  private final Shape shape;
  private final TinyTokenizer tokenizer;
  private final Map<String, float[]> weights = new LinkedHashMap<>();
  private final Map<String, long[]> shapes = new LinkedHashMap<>();

  private TinyLlama(Shape shape, long seed) {
    this.shape = shape;
    this.tokenizer = TinyTokenizer.of(shape.vocab());
    Random random = new Random(seed);
    int h = shape.hidden();
    int kv = shape.kvHeads() * shape.headDim();
    add("model.embed_tokens.weight", random, 1.0, 0, shape.vocab(), h);
    for (int i = 0; i < shape.layers(); i++) {
      String p = "model.layers." + i + ".";
      add(p + "input_layernorm.weight", random, 0.1, 1, h);
      add(p + "self_attn.q_proj.weight", random, 0.08, 0, h, h);
      add(p + "self_attn.k_proj.weight", random, 0.08, 0, kv, h);
      add(p + "self_attn.v_proj.weight", random, 0.08, 0, kv, h);
      add(p + "self_attn.o_proj.weight", random, 0.06, 0, h, h);
      add(p + "post_attention_layernorm.weight", random, 0.1, 1, h);
      add(p + "mlp.gate_proj.weight", random, 0.06, 0, shape.ffn(), h);
      add(p + "mlp.up_proj.weight", random, 0.06, 0, shape.ffn(), h);
      add(p + "mlp.down_proj.weight", random, 0.05, 0, h, shape.ffn());
    }
    add("model.norm.weight", random, 0.1, 1, h);
    if (!shape.tied()) {
      add("lm_head.weight", random, 0.08, 0, shape.vocab(), h);
    }
  }

  private void add(String name, Random random, double std, double mean, long... dims) {
    int n = 1;
    for (long d : dims) {
      n *= (int) d;
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] =
          HalfFloats.fromBf16(HalfFloats.toBf16((float) (mean + std * random.nextGaussian())));
    }
    weights.put(name, values);
    shapes.put(name, dims);
  }

  /** A tiny checkpoint of {@code shape} with weights from {@code seed}, written to {@code dir}. */
  public static TinyLlama write(Path dir, Shape shape, long seed) throws IOException {
    TinyLlama model = new TinyLlama(shape, seed);
    Files.createDirectories(dir);
    model.writeConfig(dir);
    model.tokenizer.write(dir, true);
    model.writeShards(dir);
    return model;
  }

  /** The shape. */
  public Shape shape() {
    return shape;
  }

  /** The tokenizer. */
  public TinyTokenizer tokenizer() {
    return tokenizer;
  }

  /** The stored (BF16-rounded) weights by Hugging Face name, in writing order. */
  public Map<String, float[]> weights() {
    return Collections.unmodifiableMap(weights);
  }

  /** The weight shapes by Hugging Face name ([rows, columns] or [length]). */
  public Map<String, long[]> shapes() {
    return Collections.unmodifiableMap(shapes);
  }

  private void writeConfig(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    config.putArray("architectures").add("LlamaForCausalLM");
    config.put("attention_bias", false);
    config.put("attention_dropout", 0.0);
    config.put("bos_token_id", tokenizer.id("<|begin_of_text|>"));
    config.put("eos_token_id", tokenizer.id("<|eot_id|>"));
    config.put("hidden_act", "silu");
    config.put("hidden_size", shape.hidden());
    config.put("initializer_range", 0.02);
    config.put("intermediate_size", shape.ffn());
    config.put("max_position_embeddings", 2048);
    config.put("mlp_bias", false);
    config.put("model_type", "llama");
    config.put("num_attention_heads", shape.heads());
    config.put("num_hidden_layers", shape.layers());
    config.put("num_key_value_heads", shape.kvHeads());
    config.put("pretraining_tp", 1);
    config.put("rms_norm_eps", RMS_EPS);
    ObjectNode rope = config.putObject("rope_scaling");
    rope.put("factor", 8.0);
    rope.put("high_freq_factor", 4.0);
    rope.put("low_freq_factor", 1.0);
    rope.put("original_max_position_embeddings", ORIGINAL_CONTEXT);
    rope.put("rope_type", "llama3");
    config.put("rope_theta", ROPE_THETA);
    config.put("tie_word_embeddings", shape.tied());
    config.put("torch_dtype", "bfloat16");
    config.put("transformers_version", "4.44.0");
    config.put("use_cache", true);
    config.put("vocab_size", shape.vocab());
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
  }

  private void writeShards(Path dir) throws IOException {
    List<String> names = new ArrayList<>(weights.keySet());
    int half = names.size() / 2;
    List<List<String>> shards = List.of(names.subList(0, half), names.subList(half, names.size()));
    Map<String, String> weightMap = new TreeMap<>();
    long total = 0;
    for (int s = 0; s < shards.size(); s++) {
      String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards.size());
      List<TensorLayout> layouts = new ArrayList<>();
      for (String name : shards.get(s)) {
        layouts.add(new TensorLayout(name, Dtype.BF16, shapes.get(name)));
        weightMap.put(name, file);
        total += 2L * weights.get(name).length;
      }
      writeSafetensors(dir.resolve(file), layouts, weights, Dtype.BF16);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode index = json.createObjectNode();
    index.putObject("metadata").put("total_size", total);
    ObjectNode map = index.putObject("weight_map");
    weightMap.forEach(map::put);
    json.writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
  }

  /** Writes {@code layouts} with values from {@code values} to a safetensors file. */
  public static void writeSafetensors(
      Path file, List<TensorLayout> layouts, Map<String, float[]> values, Dtype dtype)
      throws IOException {
    try (SafetensorsWriter writer =
        SafetensorsWriter.create(file, layouts, Map.of("format", "pt"))) {
      for (TensorLayout layout : layouts) {
        float[] data = values.get(layout.name());
        ByteBuffer bytes =
            ByteBuffer.allocate(data.length * dtype.size()).order(ByteOrder.LITTLE_ENDIAN);
        double[] asDoubles = new double[data.length];
        for (int i = 0; i < data.length; i++) {
          asDoubles[i] = data[i];
        }
        dtype.fromDoubles(asDoubles, 0, data.length, bytes);
        writer.beginTensor(layout.name());
        writer.put(bytes.flip());
        writer.endTensor();
      }
    }
  }
}
