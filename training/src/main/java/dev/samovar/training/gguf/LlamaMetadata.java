package dev.samovar.training.gguf;

import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.training.hf.LlamaConfig;
import dev.samovar.training.hf.RopeScaling;
import dev.samovar.training.hf.Vocabulary;

/** The GGUF metadata of a Llama model: general.*, llama.* and tokenizer.* keys with exact types. */
final class LlamaMetadata {
  private LlamaMetadata() {}

  static GgufMetadata of(String name, ExportType type, LlamaConfig c, Vocabulary v) {
    GgufMetadata.Builder m =
        GgufMetadata.builder()
            .string("general.architecture", "llama")
            .string("general.type", "model")
            .string("general.name", name)
            .u32("general.file_type", type.fileType())
            .u32("general.quantization_version", 2)
            .u32("llama.vocab_size", c.vocabSize())
            .u32("llama.context_length", c.contextLength())
            .u32("llama.embedding_length", c.hidden())
            .u32("llama.block_count", c.layers())
            .u32("llama.feed_forward_length", c.feedForward())
            .u32("llama.attention.head_count", c.heads())
            .u32("llama.attention.head_count_kv", c.kvHeads())
            .f32("llama.rope.freq_base", (float) c.ropeTheta())
            .f32("llama.attention.layer_norm_rms_epsilon", (float) c.rmsNormEps())
            .u32("llama.rope.dimension_count", c.headDim());
    if (c.headDim() * c.heads() != c.hidden()) {
      m.u32("llama.attention.key_length", c.headDim())
          .u32("llama.attention.value_length", c.headDim());
    }
    if (c.ropeScaling() instanceof RopeScaling.Linear linear) {
      m.string("llama.rope.scaling.type", "linear")
          .f32("llama.rope.scaling.factor", (float) linear.factor());
    }
    m.string("tokenizer.ggml.model", "gpt2")
        .string("tokenizer.ggml.pre", "llama-bpe")
        .strings("tokenizer.ggml.tokens", v.tokens())
        .i32s("tokenizer.ggml.token_type", v.types())
        .strings("tokenizer.ggml.merges", v.merges())
        .u32("tokenizer.ggml.bos_token_id", v.bos())
        .u32("tokenizer.ggml.eos_token_id", v.eos());
    v.eot().ifPresent(eot -> m.u32("tokenizer.ggml.eot_token_id", eot));
    m.bool("tokenizer.ggml.add_bos_token", v.addBos());
    v.addEos().ifPresent(addEos -> m.bool("tokenizer.ggml.add_eos_token", addEos));
    v.chatTemplate().ifPresent(template -> m.string("tokenizer.chat_template", template));
    return m.build();
  }
}
