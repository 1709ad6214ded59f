package dev.samovar.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.testdata.TestData;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.training.safetensors.Dtype;
import dev.samovar.training.safetensors.TensorLayout;
import dev.samovar.training.tiny.TinyLlama;
import dev.samovar.training.tiny.TinyTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face checkpoint with the real Llama-3 tokenizer, rebuilt as Meta's tokenizer.json and
 * tokenizer_config.json from llama.cpp's llama3-vocab.gguf, and small Llama weights of a chosen
 * hidden size (tied embeddings; zeros unless a layer is asked for).
 */
final class Llama3Checkpoint {
  static final int VOCAB = 128256;

  private Llama3Checkpoint() {}

  /** The vocabulary file the tokenizer is built from. */
  static GgufFile vocabulary() throws IOException {
    return GgufFile.read(TestData.llama3Vocab());
  }

  /** Writes the tokenizer files of Meta-Llama-3-8B-Instruct's form to {@code dir}. */
  static void writeTokenizer(Path dir, GgufMetadata vocab) throws IOException {
    List<String> tokens = vocab.strings("tokenizer.ggml.tokens");
    int[] types = vocab.i32s("tokenizer.ggml.token_type");
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    ArrayNode added = root.putArray("added_tokens");
    ObjectNode decoder = json.createObjectNode();
    ObjectNode model = json.createObjectNode();
    model.put("type", "BPE");
    model.put("byte_fallback", false);
    model.put("ignore_merges", true);
    ObjectNode vocabNode = model.putObject("vocab");
    for (int id = 0; id < tokens.size(); id++) {
      if (types[id] == 3) {
        ObjectNode token = added.addObject();
        token.put("id", id);
        token.put("content", tokens.get(id));
        token.put("single_word", false);
        token.put("lstrip", false);
        token.put("rstrip", false);
        token.put("normalized", false);
        token.put("special", true);
        decoder.set(String.valueOf(id), token);
      } else {
        vocabNode.put(tokens.get(id), id);
      }
    }
    ArrayNode merges = model.putArray("merges");
    vocab.strings("tokenizer.ggml.merges").forEach(merges::add);
    root.set("pre_tokenizer", TinyTokenizer.preTokenizer(json));
    root.set("post_processor", TinyTokenizer.postProcessor(json, 128000));
    root.putObject("decoder").put("type", "ByteLevel");
    root.set("model", model);
    json.writeValue(dir.resolve("tokenizer.json").toFile(), root);

    ObjectNode config = json.createObjectNode();
    config.set("added_tokens_decoder", decoder);
    config.put("bos_token", "<|begin_of_text|>");
    config.put("chat_template", TinyModel.CHAT_TEMPLATE);
    config.put("eos_token", "<|eot_id|>");
    config.put("tokenizer_class", "PreTrainedTokenizerFast");
    json.writeValue(dir.resolve("tokenizer_config.json").toFile(), config);
  }

  /**
   * A one-layer model with the Llama-3 vocabulary: config.json, the tokenizer, and BF16 zero
   * weights in model.safetensors.
   */
  static void write(Path dir, int hidden, GgufMetadata vocab) throws IOException {
    Files.createDirectories(dir);
    writeTokenizer(dir, vocab);
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    config.putArray("architectures").add("LlamaForCausalLM");
    config.put("model_type", "llama");
    config.put("hidden_size", hidden);
    config.put("intermediate_size", hidden);
    config.put("num_hidden_layers", 1);
    config.put("num_attention_heads", hidden / 64);
    config.put("num_key_value_heads", 1);
    config.put("max_position_embeddings", 8192);
    config.put("rms_norm_eps", 1e-5);
    config.put("rope_theta", 500000.0);
    config.put("tie_word_embeddings", true);
    config.put("vocab_size", VOCAB);
    json.writeValue(dir.resolve("config.json").toFile(), config);
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("model.embed_tokens.weight", new long[] {VOCAB, hidden});
    String p = "model.layers.0.";
    shapes.put(p + "input_layernorm.weight", new long[] {hidden});
    shapes.put(p + "self_attn.q_proj.weight", new long[] {hidden, hidden});
    shapes.put(p + "self_attn.k_proj.weight", new long[] {64, hidden});
    shapes.put(p + "self_attn.v_proj.weight", new long[] {64, hidden});
    shapes.put(p + "self_attn.o_proj.weight", new long[] {hidden, hidden});
    shapes.put(p + "post_attention_layernorm.weight", new long[] {hidden});
    shapes.put(p + "mlp.gate_proj.weight", new long[] {hidden, hidden});
    shapes.put(p + "mlp.up_proj.weight", new long[] {hidden, hidden});
    shapes.put(p + "mlp.down_proj.weight", new long[] {hidden, hidden});
    shapes.put("model.norm.weight", new long[] {hidden});
    Map<String, float[]> values = new LinkedHashMap<>();
    List<TensorLayout> layouts = new ArrayList<>();
    shapes.forEach(
        (name, shape) -> {
          long n = 1;
          for (long d : shape) {
            n *= d;
          }
          values.put(name, new float[(int) n]);
          layouts.add(new TensorLayout(name, Dtype.BF16, shape));
        });
    TinyLlama.writeSafetensors(dir.resolve("model.safetensors"), layouts, values, Dtype.BF16);
  }
}
