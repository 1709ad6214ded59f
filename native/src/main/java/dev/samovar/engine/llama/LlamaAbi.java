package dev.samovar.engine.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.samovar.engine.EngineException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two llama.cpp C APIs samovar binds: b4916 (inside de.kherud:llama 4.2.0) and the 0.5 release
 * line (v0.5.0). They differ in the two parameter structs, the KV-cache calls ({@code
 * llama_kv_self_*} against {@code llama_get_memory} + {@code llama_memory_*}), the LoRA call and
 * the penalties sampler; everything else samovar calls is the same. Which one a library speaks is
 * read from the library ({@link #of}), never assumed.
 */
enum LlamaAbi {
  B4916(
      "llama.cpp b4916",
      MemoryLayout.structLayout(
              ADDRESS.withName("devices"),
              JAVA_INT.withName("n_gpu_layers"),
              JAVA_INT.withName("split_mode"),
              JAVA_INT.withName("main_gpu"),
              MemoryLayout.paddingLayout(4),
              ADDRESS.withName("tensor_split"),
              ADDRESS.withName("progress_callback"),
              ADDRESS.withName("progress_callback_user_data"),
              ADDRESS.withName("kv_overrides"),
              JAVA_BOOLEAN.withName("vocab_only"),
              JAVA_BOOLEAN.withName("use_mmap"),
              JAVA_BOOLEAN.withName("use_mlock"),
              JAVA_BOOLEAN.withName("check_tensors"),
              MemoryLayout.paddingLayout(4))
          .withName("llama_model_params"),
      MemoryLayout.structLayout(
              JAVA_INT.withName("n_ctx"),
              JAVA_INT.withName("n_batch"),
              JAVA_INT.withName("n_ubatch"),
              JAVA_INT.withName("n_seq_max"),
              JAVA_INT.withName("n_threads"),
              JAVA_INT.withName("n_threads_batch"),
              JAVA_INT.withName("rope_scaling_type"),
              JAVA_INT.withName("pooling_type"),
              JAVA_INT.withName("attention_type"),
              JAVA_FLOAT.withName("rope_freq_base"),
              JAVA_FLOAT.withName("rope_freq_scale"),
              JAVA_FLOAT.withName("yarn_ext_factor"),
              JAVA_FLOAT.withName("yarn_attn_factor"),
              JAVA_FLOAT.withName("yarn_beta_fast"),
              JAVA_FLOAT.withName("yarn_beta_slow"),
              JAVA_INT.withName("yarn_orig_ctx"),
              JAVA_FLOAT.withName("defrag_thold"),
              MemoryLayout.paddingLayout(4),
              ADDRESS.withName("cb_eval"),
              ADDRESS.withName("cb_eval_user_data"),
              JAVA_INT.withName("type_k"),
              JAVA_INT.withName("type_v"),
              JAVA_BOOLEAN.withName("logits_all"),
              JAVA_BOOLEAN.withName("embeddings"),
              JAVA_BOOLEAN.withName("offload_kqv"),
              JAVA_BOOLEAN.withName("flash_attn"),
              JAVA_BOOLEAN.withName("no_perf"),
              MemoryLayout.paddingLayout(3),
              ADDRESS.withName("abort_callback"),
              ADDRESS.withName("abort_callback_data"))
          .withName("llama_context_params"),
      defaults(
          "devices",
          null,
          "n_gpu_layers",
          0,
          "split_mode",
          1,
          "main_gpu",
          0,
          "tensor_split",
          null,
          "progress_callback",
          null,
          "kv_overrides",
          null,
          "vocab_only",
          false,
          "use_mmap",
          true,
          "use_mlock",
          false,
          "check_tensors",
          false),
      defaults(
          "n_ctx",
          512,
          "n_batch",
          2048,
          "n_ubatch",
          512,
          "n_seq_max",
          1,
          "n_threads",
          4,
          "n_threads_batch",
          4,
          "rope_scaling_type",
          -1,
          "pooling_type",
          -1,
          "attention_type",
          -1,
          "rope_freq_base",
          0f,
          "rope_freq_scale",
          0f,
          "yarn_ext_factor",
          -1f,
          "yarn_attn_factor",
          1f,
          "yarn_beta_fast",
          32f,
          "yarn_beta_slow",
          1f,
          "yarn_orig_ctx",
          0,
          "defrag_thold",
          -1f,
          "cb_eval",
          null,
          "cb_eval_user_data",
          null,
          "type_k",
          1,
          "type_v",
          1,
          "logits_all",
          false,
          "embeddings",
          false,
          "offload_kqv",
          true,
          "flash_attn",
          false,
          "no_perf",
          true,
          "abort_callback",
          null,
          "abort_callback_data",
          null)),

  V0_5(
      "llama.cpp 0.5",
      MemoryLayout.structLayout(
              ADDRESS.withName("devices"),
              ADDRESS.withName("tensor_buft_overrides"),
              JAVA_INT.withName("n_gpu_layers"),
              JAVA_INT.withName("split_mode"),
              JAVA_INT.withName("load_mode"),
              JAVA_INT.withName("lazy_mode"),
              JAVA_INT.withName("main_gpu"),
              MemoryLayout.paddingLayout(4),
              ADDRESS.withName("tensor_split"),
              ADDRESS.withName("progress_callback"),
              ADDRESS.withName("progress_callback_user_data"),
              ADDRESS.withName("kv_overrides"),
              JAVA_BOOLEAN.withName("vocab_only"),
              JAVA_BOOLEAN.withName("check_tensors"),
              JAVA_BOOLEAN.withName("use_extra_bufts"),
              JAVA_BOOLEAN.withName("no_host"),
              JAVA_BOOLEAN.withName("no_alloc"),
              JAVA_BOOLEAN.withName("load_mtp"),
              MemoryLayout.paddingLayout(2))
          .withName("llama_model_params"),
      MemoryLayout.structLayout(
              JAVA_INT.withName("n_ctx"),
              JAVA_INT.withName("n_batch"),
              JAVA_INT.withName("n_ubatch"),
              JAVA_INT.withName("n_seq_max"),
              JAVA_INT.withName("n_rs_seq"),
              JAVA_INT.withName("n_outputs_max"),
              JAVA_INT.withName("n_outputs_max_per_seq"),
              JAVA_INT.withName("n_threads"),
              JAVA_INT.withName("n_threads_batch"),
              JAVA_INT.withName("ctx_type"),
              JAVA_INT.withName("rope_scaling_type"),
              JAVA_INT.withName("pooling_type"),
              JAVA_INT.withName("attention_type"),
              JAVA_INT.withName("flash_attn_type"),
              JAVA_FLOAT.withName("rope_freq_base"),
              JAVA_FLOAT.withName("rope_freq_scale"),
              JAVA_FLOAT.withName("yarn_ext_factor"),
              JAVA_FLOAT.withName("yarn_attn_factor"),
              JAVA_FLOAT.withName("yarn_beta_fast"),
              JAVA_FLOAT.withName("yarn_beta_slow"),
              JAVA_INT.withName("yarn_orig_ctx"),
              JAVA_FLOAT.withName("defrag_thold"),
              ADDRESS.withName("cb_eval"),
              ADDRESS.withName("cb_eval_user_data"),
              JAVA_INT.withName("type_k"),
              JAVA_INT.withName("type_v"),
              ADDRESS.withName("abort_callback"),
              ADDRESS.withName("abort_callback_data"),
              JAVA_BOOLEAN.withName("embeddings"),
              JAVA_BOOLEAN.withName("offload_kqv"),
              JAVA_BOOLEAN.withName("no_perf"),
              JAVA_BOOLEAN.withName("op_offload"),
              JAVA_BOOLEAN.withName("swa_full"),
              JAVA_BOOLEAN.withName("kv_unified"),
              MemoryLayout.paddingLayout(2),
              ADDRESS.withName("samplers"),
              JAVA_LONG.withName("n_samplers"),
              ADDRESS.withName("ctx_other"))
          .withName("llama_context_params"),
      defaults(
          "devices",
          null,
          "tensor_buft_overrides",
          null,
          "n_gpu_layers",
          -1,
          "split_mode",
          1,
          "load_mode",
          -1,
          "lazy_mode",
          1,
          "main_gpu",
          0,
          "tensor_split",
          null,
          "progress_callback",
          null,
          "kv_overrides",
          null,
          "vocab_only",
          false,
          "check_tensors",
          false,
          "use_extra_bufts",
          true,
          "no_host",
          false,
          "no_alloc",
          false,
          "load_mtp",
          false),
      defaults(
          "n_ctx",
          512,
          "n_batch",
          2048,
          "n_ubatch",
          512,
          "n_seq_max",
          1,
          "n_rs_seq",
          0,
          "n_outputs_max",
          0,
          "n_outputs_max_per_seq",
          1,
          "n_threads",
          4,
          "n_threads_batch",
          4,
          "ctx_type",
          0,
          "rope_scaling_type",
          -1,
          "pooling_type",
          -1,
          "attention_type",
          -1,
          "flash_attn_type",
          -1,
          "rope_freq_base",
          0f,
          "rope_freq_scale",
          0f,
          "yarn_ext_factor",
          -1f,
          "yarn_attn_factor",
          -1f,
          "yarn_beta_fast",
          -1f,
          "yarn_beta_slow",
          -1f,
          "yarn_orig_ctx",
          0,
          "defrag_thold",
          -1f,
          "cb_eval",
          null,
          "cb_eval_user_data",
          null,
          "type_k",
          1,
          "type_v",
          1,
          "abort_callback",
          null,
          "abort_callback_data",
          null,
          "embeddings",
          false,
          "offload_kqv",
          true,
          "no_perf",
          true,
          "op_offload",
          true,
          "swa_full",
          true,
          "kv_unified",
          false,
          "samplers",
          null,
          "n_samplers",
          0L,
          "ctx_other",
          null));

  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:-.*)?");

  private final String label;
  private final StructLayout modelParams;
  private final StructLayout contextParams;
  private final Map<String, Object> modelDefaults;
  private final Map<String, Object> contextDefaults;

  LlamaAbi(
      String label,
      StructLayout modelParams,
      StructLayout contextParams,
      Map<String, Object> modelDefaults,
      Map<String, Object> contextDefaults) {
    this.label = label;
    this.modelParams = modelParams;
    this.contextParams = contextParams;
    this.modelDefaults = modelDefaults;
    this.contextDefaults = contextDefaults;
  }

  /** Its name in messages and logs. */
  String label() {
    return label;
  }

  StructLayout modelParams() {
    return modelParams;
  }

  StructLayout contextParams() {
    return contextParams;
  }

  /**
   * What {@code llama_model_default_params} returns in this API, field by field (null: a NULL
   * pointer).
   */
  Map<String, Object> modelDefaults() {
    return modelDefaults;
  }

  /** What {@code llama_context_default_params} returns, as {@link #modelDefaults}. */
  Map<String, Object> contextDefaults() {
    return contextDefaults;
  }

  /**
   * The API a library speaks: one that exports {@code llama_version} says its release (0.5.x is
   * bound); one without it is b4916 if it exports b4916's {@code llama_kv_self_clear}.
   *
   * @param exports whether the library exports a function
   * @param version calls {@code llama_version}, when exported
   * @throws EngineException for any other library
   */
  static LlamaAbi of(Predicate<String> exports, Supplier<String> version) {
    if (exports.test("llama_version")) {
      String release = version.get();
      Matcher matcher = VERSION.matcher(release);
      if (matcher.matches() && matcher.group(1).equals("0") && matcher.group(2).equals("5")) {
        return V0_5;
      }
      throw new EngineException(
          "the native library is llama.cpp "
              + release
              + "; samovar binds llama.cpp 0.5.x and b4916 (de.kherud:llama 4.2.0)");
    }
    if (exports.test("llama_kv_self_clear")) {
      return B4916;
    }
    throw new EngineException(
        "the native library exports neither llama_version (llama.cpp 0.5.x) nor"
            + " llama_kv_self_clear (b4916): not a llama.cpp release samovar binds");
  }

  private static Map<String, Object> defaults(Object... fieldsAndValues) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      defaults.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(defaults);
  }
}
