package dev.samovar.engine.llama;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.GpuDevice;
import dev.samovar.engine.GpuSettings;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every llama.cpp function and struct layout samovar uses, bound through FFM for the C API the
 * loaded library speaks ({@link LlamaAbi}: b4916 inside de.kherud:llama 4.2.0, or llama.cpp 0.5).
 * The layouts are checked against the library's own default values when it is loaded, so a mismatch
 * fails with a message instead of corrupting memory.
 */
final class LlamaLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(LlamaLibrary.class);
  private static final Logger NATIVE_LOG = LoggerFactory.getLogger("llama.cpp");

  private static final Linker LINKER = Linker.nativeLinker();
  private static final ValueLayout SIZE_T = (ValueLayout) LINKER.canonicalLayouts().get("size_t");

  /**
   * What the default-parameter functions are declared to return: larger than either struct of any
   * bound API, so a library whose struct grew writes into samovar's buffer, not past it ({@link
   * LayoutCheck} then sees how far it wrote).
   */
  static final StructLayout DEFAULTS_PROBE =
      MemoryLayout.structLayout(MemoryLayout.sequenceLayout(64, JAVA_LONG).withName("bytes"))
          .withName("default_params_probe");

  static final StructLayout BATCH =
      MemoryLayout.structLayout(
              JAVA_INT.withName("n_tokens"),
              MemoryLayout.paddingLayout(4),
              ADDRESS.withName("token"),
              ADDRESS.withName("embd"),
              ADDRESS.withName("pos"),
              ADDRESS.withName("n_seq_id"),
              ADDRESS.withName("seq_id"),
              ADDRESS.withName("logits"))
          .withName("llama_batch");

  static final StructLayout CHAT_MESSAGE =
      MemoryLayout.structLayout(ADDRESS.withName("role"), ADDRESS.withName("content"))
          .withName("llama_chat_message");

  static final StructLayout LOGIT_BIAS =
      MemoryLayout.structLayout(JAVA_INT.withName("token"), JAVA_FLOAT.withName("bias"))
          .withName("llama_logit_bias");

  static final StructLayout TOKEN_DATA =
      MemoryLayout.structLayout(
              JAVA_INT.withName("id"), JAVA_FLOAT.withName("logit"), JAVA_FLOAT.withName("p"))
          .withName("llama_token_data");

  static final StructLayout TOKEN_DATA_ARRAY =
      MemoryLayout.structLayout(
              ADDRESS.withName("data"),
              JAVA_LONG.withName("size"),
              JAVA_LONG.withName("selected"),
              JAVA_BOOLEAN.withName("sorted"),
              MemoryLayout.paddingLayout(7))
          .withName("llama_token_data_array");

  static final StructLayout SAMPLER_CHAIN_PARAMS =
      MemoryLayout.structLayout(JAVA_BOOLEAN.withName("no_perf"))
          .withName("llama_sampler_chain_params");

  /** ggml_log_level values passed to the log callback (1 is debug). */
  static final int LOG_INFO = 2;

  static final int LOG_WARN = 3;
  static final int LOG_ERROR = 4;
  static final int LOG_CONTINUE = 5;

  private static final NativeLogLines LOG_LINES = new NativeLogLines();
  private static final ThreadLocal<String> FIRST_ERROR = new ThreadLocal<>();

  /** ggml_backend_dev_type of a GPU (CPU is 0, accelerators 2). */
  private static final int DEVICE_TYPE_GPU = 1;

  private static LlamaLibrary instance;
  private static LibrarySource loadedFrom;

  private final LlamaAbi abi;
  private final SymbolLookup symbols;

  private final MethodHandle backendInit;
  private final MethodHandle logSet;
  private final MethodHandle modelDefaultParams;
  private final MethodHandle contextDefaultParams;
  private final MethodHandle samplerChainDefaultParams;
  private final MethodHandle modelLoadFromFile;
  private final MethodHandle modelFree;
  private final MethodHandle initFromModel;
  private final MethodHandle free;
  private final MethodHandle nCtx;
  private final MethodHandle modelGetVocab;
  private final MethodHandle modelNCtxTrain;
  private final MethodHandle modelDesc;
  private final MethodHandle modelChatTemplate;
  private final MethodHandle vocabNTokens;
  private final MethodHandle vocabIsEog;
  private final MethodHandle vocabBos;
  private final MethodHandle vocabGetAddBos;
  private final MethodHandle tokenize;
  private final MethodHandle tokenToPiece;
  private final MethodHandle detokenize;
  private final MethodHandle chatApplyTemplate;
  private final MethodHandle batchInit;
  private final MethodHandle batchFree;
  private final MethodHandle decode;
  private final MethodHandle getLogitsIth;
  private final MethodHandle sequenceRemove;
  private final MethodHandle memoryClear;
  private final MethodHandle getMemory;
  private final MethodHandle stateSeqGetSize;
  private final MethodHandle stateSeqGetData;
  private final MethodHandle stateSeqSetData;
  private final MethodHandle samplerChainInit;
  private final MethodHandle samplerChainAdd;
  private final MethodHandle samplerInitGreedy;
  private final MethodHandle samplerInitDist;
  private final MethodHandle samplerInitTopP;
  private final MethodHandle samplerInitTopK;
  private final MethodHandle samplerInitMinP;
  private final MethodHandle samplerInitTemp;
  private final MethodHandle samplerInitPenalties;
  private final MethodHandle samplerInitLogitBias;
  private final MethodHandle samplerInitGrammar;
  private final MethodHandle samplerSample;
  private final MethodHandle samplerAccept;
  private final MethodHandle samplerApply;
  private final MethodHandle samplerFree;
  private final MethodHandle supportsGpuOffload;
  private final MethodHandle maxDevices;
  private final MethodHandle modelNLayer;
  private final MethodHandle devCount;
  private final MethodHandle devGet;
  private final MethodHandle devType;
  private final MethodHandle devName;
  private final MethodHandle devDescription;
  private final MethodHandle devMemory;
  private final MethodHandle adapterLoraInit;
  private final MethodHandle adapterLoraFree;
  private final MethodHandle setAdapters;

  private LlamaLibrary(SymbolLookup symbols, LlamaAbi abi) {
    this.abi = abi;
    this.symbols = symbols;
    backendInit = bind(symbols, "llama_backend_init", FunctionDescriptor.ofVoid());
    logSet = bind(symbols, "llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    modelDefaultParams =
        bind(symbols, "llama_model_default_params", FunctionDescriptor.of(DEFAULTS_PROBE));
    contextDefaultParams =
        bind(symbols, "llama_context_default_params", FunctionDescriptor.of(DEFAULTS_PROBE));
    samplerChainDefaultParams =
        bind(
            symbols,
            "llama_sampler_chain_default_params",
            FunctionDescriptor.of(SAMPLER_CHAIN_PARAMS));
    modelLoadFromFile =
        bind(
            symbols,
            "llama_model_load_from_file",
            FunctionDescriptor.of(ADDRESS, ADDRESS, abi.modelParams()));
    modelFree = bind(symbols, "llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
    initFromModel =
        bind(
            symbols,
            "llama_init_from_model",
            FunctionDescriptor.of(ADDRESS, ADDRESS, abi.contextParams()));
    free = bind(symbols, "llama_free", FunctionDescriptor.ofVoid(ADDRESS));
    nCtx = bind(symbols, "llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    modelGetVocab = bind(symbols, "llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
    modelNCtxTrain =
        bind(symbols, "llama_model_n_ctx_train", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    modelDesc =
        bind(
            symbols, "llama_model_desc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T));
    modelChatTemplate =
        bind(
            symbols, "llama_model_chat_template", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    vocabNTokens = bind(symbols, "llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    vocabIsEog =
        bind(symbols, "llama_vocab_is_eog", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
    vocabBos = bind(symbols, "llama_vocab_bos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    vocabGetAddBos =
        bind(symbols, "llama_vocab_get_add_bos", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    tokenize =
        bind(
            symbols,
            "llama_tokenize",
            FunctionDescriptor.of(
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                JAVA_BOOLEAN,
                JAVA_BOOLEAN));
    tokenToPiece =
        bind(
            symbols,
            "llama_token_to_piece",
            FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
    detokenize =
        bind(
            symbols,
            "llama_detokenize",
            FunctionDescriptor.of(
                JAVA_INT,
                ADDRESS,
                ADDRESS,
                JAVA_INT,
                ADDRESS,
                JAVA_INT,
                JAVA_BOOLEAN,
                JAVA_BOOLEAN));
    chatApplyTemplate =
        bind(
            symbols,
            "llama_chat_apply_template",
            FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, SIZE_T, JAVA_BOOLEAN, ADDRESS, JAVA_INT));
    batchInit =
        bind(
            symbols,
            "llama_batch_init",
            FunctionDescriptor.of(BATCH, JAVA_INT, JAVA_INT, JAVA_INT));
    batchFree = bind(symbols, "llama_batch_free", FunctionDescriptor.ofVoid(BATCH));
    decode = bind(symbols, "llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, BATCH));
    getLogitsIth =
        bind(symbols, "llama_get_logits_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    // b4916 takes the context; 0.5 the context's memory (llama_get_memory), same arguments else.
    FunctionDescriptor remove =
        FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
    switch (abi) {
      case B4916 -> {
        getMemory = null;
        sequenceRemove = bind(symbols, "llama_kv_self_seq_rm", remove);
        memoryClear = bind(symbols, "llama_kv_self_clear", FunctionDescriptor.ofVoid(ADDRESS));
        samplerInitPenalties =
            bind(
                symbols,
                "llama_sampler_init_penalties",
                FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT));
        setAdapters =
            bind(
                symbols,
                "llama_set_adapter_lora",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_FLOAT));
      }
      case V0_5 -> {
        getMemory = bind(symbols, "llama_get_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        sequenceRemove = bind(symbols, "llama_memory_seq_rm", remove);
        memoryClear =
            bind(symbols, "llama_memory_clear", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        samplerInitPenalties =
            bind(
                symbols,
                "llama_sampler_init_penalties",
                FunctionDescriptor.of(
                    ADDRESS, JAVA_INT, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT));
        setAdapters =
            bind(
                symbols,
                "llama_set_adapters_lora",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T, ADDRESS));
      }
      default -> throw new IllegalStateException("unbound API " + abi);
    }
    stateSeqGetSize =
        bind(symbols, "llama_state_seq_get_size", FunctionDescriptor.of(SIZE_T, ADDRESS, JAVA_INT));
    stateSeqGetData =
        bind(
            symbols,
            "llama_state_seq_get_data",
            FunctionDescriptor.of(SIZE_T, ADDRESS, ADDRESS, SIZE_T, JAVA_INT));
    stateSeqSetData =
        bind(
            symbols,
            "llama_state_seq_set_data",
            FunctionDescriptor.of(SIZE_T, ADDRESS, ADDRESS, SIZE_T, JAVA_INT));
    samplerChainInit =
        bind(
            symbols,
            "llama_sampler_chain_init",
            FunctionDescriptor.of(ADDRESS, SAMPLER_CHAIN_PARAMS));
    samplerChainAdd =
        bind(symbols, "llama_sampler_chain_add", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    samplerInitGreedy = bind(symbols, "llama_sampler_init_greedy", FunctionDescriptor.of(ADDRESS));
    samplerInitDist =
        bind(symbols, "llama_sampler_init_dist", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    samplerInitTopP =
        bind(
            symbols,
            "llama_sampler_init_top_p",
            FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, SIZE_T));
    samplerInitTopK =
        bind(symbols, "llama_sampler_init_top_k", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    samplerInitMinP =
        bind(
            symbols,
            "llama_sampler_init_min_p",
            FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, SIZE_T));
    samplerInitTemp =
        bind(symbols, "llama_sampler_init_temp", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT));
    samplerInitLogitBias =
        bind(
            symbols,
            "llama_sampler_init_logit_bias",
            FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    samplerInitGrammar =
        bind(
            symbols,
            "llama_sampler_init_grammar",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    samplerSample =
        bind(
            symbols,
            "llama_sampler_sample",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    samplerAccept =
        bind(symbols, "llama_sampler_accept", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    samplerApply =
        bind(symbols, "llama_sampler_apply", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    samplerFree = bind(symbols, "llama_sampler_free", FunctionDescriptor.ofVoid(ADDRESS));
    supportsGpuOffload =
        bind(symbols, "llama_supports_gpu_offload", FunctionDescriptor.of(JAVA_BOOLEAN));
    maxDevices = bind(symbols, "llama_max_devices", FunctionDescriptor.of(SIZE_T));
    modelNLayer = bind(symbols, "llama_model_n_layer", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    devCount = bind(symbols, "ggml_backend_dev_count", FunctionDescriptor.of(SIZE_T));
    devGet = bind(symbols, "ggml_backend_dev_get", FunctionDescriptor.of(ADDRESS, SIZE_T));
    devType = bind(symbols, "ggml_backend_dev_type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    devName = bind(symbols, "ggml_backend_dev_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    devDescription =
        bind(symbols, "ggml_backend_dev_description", FunctionDescriptor.of(ADDRESS, ADDRESS));
    devMemory =
        bind(
            symbols,
            "ggml_backend_dev_memory",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
    adapterLoraInit =
        bind(symbols, "llama_adapter_lora_init", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    adapterLoraFree = bind(symbols, "llama_adapter_lora_free", FunctionDescriptor.ofVoid(ADDRESS));
  }

  /**
   * The loaded library; when none is loaded yet, the CPU library ({@link LlamaBackend#open} with
   * {@link GpuSettings#cpu()}), loaded now.
   *
   * @throws EngineException when the library cannot be loaded or does not match the layouts
   */
  static synchronized LlamaLibrary get() {
    if (instance == null) {
      return LlamaBackend.open(GpuSettings.cpu(), System.getenv()).library();
    }
    return instance;
  }

  /**
   * The library from {@code source}, loaded on first use: the log is routed to SLF4J, the C API it
   * speaks is read from it, the struct layouts are checked and the backend is initialised.
   *
   * @throws EngineException when another library is already loaded in this process, the library
   *     cannot be loaded, or it does not match the layouts
   */
  static synchronized LlamaLibrary get(LibrarySource source) {
    if (instance == null) {
      instance = load(source);
      loadedFrom = source;
    } else if (!loadedFrom.equals(source)) {
      throw new EngineException(
          "the native library is already loaded from "
              + loadedFrom.description()
              + "; one process uses one library, not "
              + source.description());
    }
    return instance;
  }

  /** The C API the loaded library speaks. */
  LlamaAbi abi() {
    return abi;
  }

  /** A function of the library or of the ggml libraries it links (ggml's own calls, say). */
  Optional<MemorySegment> find(String function) {
    return symbols.find(function);
  }

  private static LlamaLibrary load(LibrarySource source) {
    SymbolLookup symbols = source.open();
    LlamaAbi abi = LlamaAbi.of(name -> symbols.find(name).isPresent(), () -> releaseOf(symbols));
    LlamaLibrary library = new LlamaLibrary(symbols, abi);
    library.installLogger();
    source.registerBackends(symbols);
    new LayoutCheck(library).run();
    library.run(
        "llama_backend_init",
        () -> {
          library.backendInit.invokeExact();
        });
    LOG.info("loaded {} from {}", abi.label(), source.description());
    return library;
  }

  /** What {@code llama_version} returns (the 0.5 line has it, b4916 does not). */
  private static String releaseOf(SymbolLookup symbols) {
    MethodHandle version =
        LINKER.downcallHandle(
            symbols.find("llama_version").orElseThrow(), FunctionDescriptor.of(ADDRESS));
    try {
      return string((MemorySegment) version.invokeExact());
    } catch (Throwable t) {
      throw new EngineException("llama.cpp call llama_version failed: " + t, t);
    }
  }

  private MethodHandle bind(SymbolLookup symbols, String name, FunctionDescriptor type) {
    MemorySegment address =
        symbols
            .find(name)
            .orElseThrow(
                () ->
                    new EngineException(
                        "llama.cpp function "
                            + name
                            + " not found in the native library ("
                            + abi.label()
                            + ")"));
    return LINKER.downcallHandle(address, type);
  }

  private void installLogger() {
    try {
      MethodHandle target =
          MethodHandles.lookup()
              .findStatic(
                  LlamaLibrary.class,
                  "onLog",
                  MethodType.methodType(
                      void.class, int.class, MemorySegment.class, MemorySegment.class));
      MemorySegment stub =
          LINKER.upcallStub(
              target, FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
      run(
          "llama_log_set",
          () -> {
            logSet.invokeExact(stub, MemorySegment.NULL);
          });
    } catch (ReflectiveOperationException e) {
      throw new EngineException("cannot route llama.cpp's log: " + e, e);
    }
  }

  /** The log callback: must never throw, native code is on the stack. */
  private static void onLog(int level, MemorySegment text, MemorySegment userData) {
    try {
      String chunk = text.equals(MemorySegment.NULL) ? "" : text.reinterpret(1 << 20).getString(0);
      for (NativeLogLines.Line line : LOG_LINES.accept(level, chunk)) {
        switch (line.level()) {
          case LOG_ERROR -> {
            if (FIRST_ERROR.get() == null) {
              FIRST_ERROR.set(line.text());
            }
            NATIVE_LOG.error(line.text());
          }
          case LOG_WARN -> NATIVE_LOG.warn(line.text());
          default -> NATIVE_LOG.debug(line.text());
        }
      }
    } catch (Throwable t) {
      LOG.error("llama.cpp log line dropped", t);
    }
  }

  /**
   * The first error line llama.cpp logged on this thread since the last call, and forgets it; null
   * when none.
   */
  static String takeFirstError() {
    String error = FIRST_ERROR.get();
    FIRST_ERROR.remove();
    return error;
  }

  // ---- parameters --------------------------------------------------------------------------

  /** The byte the default-parameter probes are filled with before the library writes them. */
  static final byte PROBE_FILL = (byte) 0xA5;

  /**
   * What llama_model_default_params writes into a {@link #DEFAULTS_PROBE} buffer filled with {@link
   * #PROBE_FILL}: the struct, then untouched fill.
   */
  MemorySegment modelDefaultsProbe(Arena arena) {
    return (MemorySegment)
        call(
            "llama_model_default_params",
            () -> (MemorySegment) modelDefaultParams.invokeExact(filled(arena)));
  }

  /** What llama_context_default_params writes, as {@link #modelDefaultsProbe}. */
  MemorySegment contextDefaultsProbe(Arena arena) {
    return (MemorySegment)
        call(
            "llama_context_default_params",
            () -> (MemorySegment) contextDefaultParams.invokeExact(filled(arena)));
  }

  private static SegmentAllocator filled(Arena arena) {
    return (size, alignment) -> arena.allocate(size, alignment).fill(PROBE_FILL);
  }

  private MemorySegment modelDefaultParams(Arena arena) {
    return modelDefaultsProbe(arena).asSlice(0, abi.modelParams().byteSize());
  }

  private MemorySegment contextDefaultParams(Arena arena) {
    return contextDefaultsProbe(arena).asSlice(0, abi.contextParams().byteSize());
  }

  MemorySegment samplerChainDefaultParams(Arena arena) {
    return (MemorySegment)
        call(
            "llama_sampler_chain_default_params",
            () -> (MemorySegment) samplerChainDefaultParams.invokeExact((SegmentAllocator) arena));
  }

  // ---- model ---------------------------------------------------------------------------------

  /**
   * Loads a GGUF file with the default parameters and {@code placement}'s GPU fields; NULL when
   * llama.cpp cannot load it.
   */
  MemorySegment loadModel(Path path, boolean vocabOnly, GpuPlacement placement) {
    try (Arena arena = Arena.ofConfined()) {
      StructLayout layout = abi.modelParams();
      MemorySegment params = modelDefaultParams(arena);
      set(params, layout, "vocab_only", vocabOnly);
      set(params, layout, "n_gpu_layers", placement.gpuLayers());
      set(params, layout, "split_mode", placement.splitMode().nativeValue());
      set(params, layout, "main_gpu", placement.mainGpu());
      params.set(ADDRESS, offset(layout, "tensor_split"), tensorSplit(placement));
      MemorySegment file = arena.allocateFrom(path.toString(), StandardCharsets.UTF_8);
      return (MemorySegment)
          call(
              "llama_model_load_from_file",
              () -> (MemorySegment) modelLoadFromFile.invokeExact(file, params));
    }
  }

  /**
   * The tensor_split array (llama_max_devices() floats), NULL when empty. The model keeps the
   * pointer in its copy of the parameters, so the array lives as long as the process.
   */
  private MemorySegment tensorSplit(GpuPlacement placement) {
    float[] shares = placement.tensorSplit();
    if (shares.length == 0) {
      return MemorySegment.NULL;
    }
    long capacity = (long) call("llama_max_devices", () -> (long) maxDevices.invokeExact());
    if (shares.length > capacity) {
      throw new EngineException(
          "tensor split has " + shares.length + " shares; llama.cpp takes at most " + capacity);
    }
    MemorySegment array = Arena.global().allocate(JAVA_FLOAT, capacity);
    MemorySegment.copy(shares, 0, array, JAVA_FLOAT, 0, shares.length);
    return array;
  }

  /** The model's transformer layer count. */
  int layerCount(MemorySegment model) {
    return (int) call("llama_model_n_layer", () -> (int) modelNLayer.invokeExact(model));
  }

  // ---- devices -------------------------------------------------------------------------------

  /** Whether this build can offload layers to a GPU (false for the CPU build). */
  boolean supportsGpuOffload() {
    return (boolean)
        call("llama_supports_gpu_offload", () -> (boolean) supportsGpuOffload.invokeExact());
  }

  /** The GPU devices ggml enumerates, in order: llama.cpp's device numbering. */
  List<GpuDevice> gpuDevices() {
    long count = (long) call("ggml_backend_dev_count", () -> (long) devCount.invokeExact());
    List<GpuDevice> gpus = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment free = arena.allocate(SIZE_T);
      MemorySegment total = arena.allocate(SIZE_T);
      for (long i = 0; i < count; i++) {
        long index = i;
        MemorySegment device =
            (MemorySegment)
                call("ggml_backend_dev_get", () -> (MemorySegment) devGet.invokeExact(index));
        int type = (int) call("ggml_backend_dev_type", () -> (int) devType.invokeExact(device));
        if (type != DEVICE_TYPE_GPU) {
          continue;
        }
        run(
            "ggml_backend_dev_memory",
            () -> {
              devMemory.invokeExact(device, free, total);
            });
        gpus.add(
            new GpuDevice(
                gpus.size(),
                string(
                    (MemorySegment)
                        call(
                            "ggml_backend_dev_name",
                            () -> (MemorySegment) devName.invokeExact(device))),
                string(
                    (MemorySegment)
                        call(
                            "ggml_backend_dev_description",
                            () -> (MemorySegment) devDescription.invokeExact(device))),
                free.get(JAVA_LONG, 0),
                total.get(JAVA_LONG, 0)));
      }
    }
    return List.copyOf(gpus);
  }

  private static String string(MemorySegment text) {
    return text.equals(MemorySegment.NULL)
        ? ""
        : text.reinterpret(Integer.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
  }

  void freeModel(MemorySegment model) {
    run(
        "llama_model_free",
        () -> {
          modelFree.invokeExact(model);
        });
  }

  MemorySegment vocabulary(MemorySegment model) {
    return (MemorySegment)
        call("llama_model_get_vocab", () -> (MemorySegment) modelGetVocab.invokeExact(model));
  }

  int trainContextLength(MemorySegment model) {
    return (int) call("llama_model_n_ctx_train", () -> (int) modelNCtxTrain.invokeExact(model));
  }

  String description(MemorySegment model) {
    try (Arena arena = Arena.ofConfined()) {
      int size = 256;
      MemorySegment buffer = arena.allocate(size);
      int length =
          (int)
              call(
                  "llama_model_desc",
                  () -> (int) modelDesc.invokeExact(model, buffer, (long) size));
      return length < 0 ? "" : buffer.getString(0, StandardCharsets.UTF_8);
    }
  }

  /** The model's default chat template, or null when the file has none. */
  String chatTemplate(MemorySegment model) {
    MemorySegment template =
        (MemorySegment)
            call(
                "llama_model_chat_template",
                () -> (MemorySegment) modelChatTemplate.invokeExact(model, MemorySegment.NULL));
    return template.equals(MemorySegment.NULL)
        ? null
        : template.reinterpret(Integer.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
  }

  // ---- context -------------------------------------------------------------------------------

  /** Creates a context; NULL when llama.cpp cannot. */
  MemorySegment newContext(MemorySegment model, ContextSettings settings) {
    try (Arena arena = Arena.ofConfined()) {
      StructLayout layout = abi.contextParams();
      MemorySegment params = contextDefaultParams(arena);
      set(params, layout, "n_ctx", settings.contextTokens());
      set(params, layout, "n_batch", settings.batchTokens());
      set(params, layout, "n_ubatch", settings.batchTokens());
      set(params, layout, "n_seq_max", settings.sequences());
      set(params, layout, "n_threads", settings.threads());
      set(params, layout, "n_threads_batch", settings.threads());
      set(params, layout, "defrag_thold", settings.defragThreshold());
      set(params, layout, "type_k", settings.kvCacheType());
      set(params, layout, "type_v", settings.kvCacheType());
      switch (abi) {
        case B4916 -> set(params, layout, "flash_attn", settings.flashAttention());
        case V0_5 -> {
          set(params, layout, "flash_attn_type", settings.flashAttention() ? 1 : 0);
          // kv_unified stays false: each sequence gets a cache of its own of n_ctx / n_seq_max
          // cells (a context length, the most a sequence holds anyway), and attention runs over
          // its own cells only, not over the idle caches of the others (1.3x faster prefill here).
        }
      }
      return (MemorySegment)
          call(
              "llama_init_from_model",
              () -> (MemorySegment) initFromModel.invokeExact(model, params));
    }
  }

  // ---- LoRA adapters -----------------------------------------------------------------------

  /** Loads a GGUF LoRA adapter for {@code model}; NULL when llama.cpp cannot. */
  MemorySegment loadAdapter(MemorySegment model, Path path) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment file = arena.allocateFrom(path.toString(), StandardCharsets.UTF_8);
      return (MemorySegment)
          call(
              "llama_adapter_lora_init",
              () -> (MemorySegment) adapterLoraInit.invokeExact(model, file));
    }
  }

  /**
   * Applies loaded adapters to a context, {@code adapters[i]} with {@code scales[i]}; false when
   * llama.cpp refuses one.
   */
  boolean applyAdapters(MemorySegment context, List<MemorySegment> adapters, float[] scales) {
    if (adapters.isEmpty()) {
      return true;
    }
    return switch (abi) {
      case B4916 -> {
        for (int i = 0; i < adapters.size(); i++) {
          MemorySegment adapter = adapters.get(i);
          float scale = scales[i];
          int status =
              (int)
                  call(
                      "llama_set_adapter_lora",
                      () -> (int) setAdapters.invokeExact(context, adapter, scale));
          if (status != 0) {
            yield false;
          }
        }
        yield true;
      }
      case V0_5 -> {
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment pointers = arena.allocate(ADDRESS, adapters.size());
          for (int i = 0; i < adapters.size(); i++) {
            pointers.setAtIndex(ADDRESS, i, adapters.get(i));
          }
          MemorySegment factors = arena.allocateFrom(JAVA_FLOAT, scales);
          long count = adapters.size();
          yield (int)
                  call(
                      "llama_set_adapters_lora",
                      () -> (int) setAdapters.invokeExact(context, pointers, count, factors))
              == 0;
        }
      }
    };
  }

  /** Frees an adapter; after every context that uses it, before its model. */
  void freeAdapter(MemorySegment adapter) {
    run(
        "llama_adapter_lora_free",
        () -> {
          adapterLoraFree.invokeExact(adapter);
        });
  }

  void freeContext(MemorySegment context) {
    run(
        "llama_free",
        () -> {
          free.invokeExact(context);
        });
  }

  int contextTokens(MemorySegment context) {
    return (int) call("llama_n_ctx", () -> (int) nCtx.invokeExact(context));
  }

  /** Runs the model over a batch: 0 ok, 1 no KV-cache slot, 2 aborted, negative an error. */
  int decode(MemorySegment context, MemorySegment batch) {
    return (int) call("llama_decode", () -> (int) decode.invokeExact(context, batch));
  }

  /**
   * The logits of batch row {@code row} of the last decode, {@code vocabularySize} floats.
   *
   * @throws EngineException when the row has no logits
   */
  MemorySegment logits(MemorySegment context, int row, int vocabularySize) {
    MemorySegment logits =
        (MemorySegment)
            call(
                "llama_get_logits_ith",
                () -> (MemorySegment) getLogitsIth.invokeExact(context, row));
    return checked("llama_get_logits_ith", logits)
        .reinterpret(JAVA_FLOAT.byteSize() * vocabularySize);
  }

  /** Removes a sequence's cells in positions [from, to); negative bounds are open. */
  boolean removeSequence(MemorySegment context, int sequence, int from, int to) {
    MemorySegment target = memory(context);
    return (boolean)
        call(
            abi == LlamaAbi.B4916 ? "llama_kv_self_seq_rm" : "llama_memory_seq_rm",
            () -> (boolean) sequenceRemove.invokeExact(target, sequence, from, to));
  }

  /** Empties the KV cache of every sequence. */
  void clearCache(MemorySegment context) {
    switch (abi) {
      case B4916 ->
          run(
              "llama_kv_self_clear",
              () -> {
                memoryClear.invokeExact(context);
              });
      case V0_5 -> {
        MemorySegment memory = memory(context);
        run(
            "llama_memory_clear",
            () -> {
              memoryClear.invokeExact(memory, true);
            });
      }
    }
  }

  /** What the KV-cache calls take: the context (b4916) or its memory (0.5). */
  private MemorySegment memory(MemorySegment context) {
    if (abi == LlamaAbi.B4916) {
      return context;
    }
    return checked(
        "llama_get_memory",
        (MemorySegment)
            call("llama_get_memory", () -> (MemorySegment) getMemory.invokeExact(context)));
  }

  /** Bytes a copy of {@code sequence}'s KV-cache state takes ({@link #saveSequence}). */
  long sequenceStateSize(MemorySegment context, int sequence) {
    return (long)
        call(
            "llama_state_seq_get_size",
            () -> (long) stateSeqGetSize.invokeExact(context, sequence));
  }

  /**
   * Copies {@code sequence}'s KV-cache state into {@code destination}.
   *
   * @throws EngineException when llama.cpp copied another number of bytes than the buffer holds
   */
  void saveSequence(MemorySegment context, int sequence, MemorySegment destination) {
    long written =
        (long)
            call(
                "llama_state_seq_get_data",
                () ->
                    (long)
                        stateSeqGetData.invokeExact(
                            context, destination, destination.byteSize(), sequence));
    if (written != destination.byteSize()) {
      throw new EngineException(
          "llama_state_seq_get_data wrote "
              + written
              + " bytes of sequence "
              + sequence
              + "'s state, not "
              + destination.byteSize());
    }
  }

  /**
   * Replaces {@code sequence}'s KV cells with a state {@link #saveSequence} copied (of any
   * sequence); false when llama.cpp could not place it (no run of free cells long enough).
   */
  boolean restoreSequence(MemorySegment context, int sequence, MemorySegment state) {
    long read =
        (long)
            call(
                "llama_state_seq_set_data",
                () ->
                    (long) stateSeqSetData.invokeExact(context, state, state.byteSize(), sequence));
    return read != 0;
  }

  // ---- vocabulary ----------------------------------------------------------------------------

  int vocabularySize(MemorySegment vocab) {
    return (int) call("llama_vocab_n_tokens", () -> (int) vocabNTokens.invokeExact(vocab));
  }

  boolean isEndOfGeneration(MemorySegment vocab, int token) {
    return (boolean)
        call("llama_vocab_is_eog", () -> (boolean) vocabIsEog.invokeExact(vocab, token));
  }

  /** The beginning-of-text token, or -1 when the vocabulary has none. */
  int beginningOfText(MemorySegment vocab) {
    return (int) call("llama_vocab_bos", () -> (int) vocabBos.invokeExact(vocab));
  }

  /** Whether the model expects the beginning-of-text token at the start of a prompt. */
  boolean addsBeginningOfText(MemorySegment vocab) {
    return (boolean)
        call("llama_vocab_get_add_bos", () -> (boolean) vocabGetAddBos.invokeExact(vocab));
  }

  /** Token count, or minus the needed capacity when {@code capacity} is too small. */
  int tokenize(
      MemorySegment vocab,
      MemorySegment text,
      int textLength,
      MemorySegment tokens,
      int capacity,
      boolean addSpecial,
      boolean parseSpecial) {
    return (int)
        call(
            "llama_tokenize",
            () ->
                (int)
                    tokenize.invokeExact(
                        vocab, text, textLength, tokens, capacity, addSpecial, parseSpecial));
  }

  /** Byte count of a token's text, or minus the needed capacity. */
  int tokenToPiece(MemorySegment vocab, int token, MemorySegment buffer, boolean special) {
    int capacity = (int) buffer.byteSize();
    return (int)
        call(
            "llama_token_to_piece",
            () -> (int) tokenToPiece.invokeExact(vocab, token, buffer, capacity, 0, special));
  }

  /** Byte count of the tokens' text, or minus the needed capacity. */
  int detokenize(MemorySegment vocab, MemorySegment tokens, int count, MemorySegment text) {
    int capacity = (int) text.byteSize();
    return (int)
        call(
            "llama_detokenize",
            () -> (int) detokenize.invokeExact(vocab, tokens, count, text, capacity, false, true));
  }

  // ---- chat template -------------------------------------------------------------------------

  /** An array of llama_chat_message for {@code messages}, allocated in {@code arena}. */
  MemorySegment chatMessages(Arena arena, List<ChatMessage> messages) {
    MemorySegment array = arena.allocate(CHAT_MESSAGE, Math.max(1, messages.size()));
    long role = offset(CHAT_MESSAGE, "role");
    long content = offset(CHAT_MESSAGE, "content");
    for (int i = 0; i < messages.size(); i++) {
      MemorySegment element = array.asSlice(i * CHAT_MESSAGE.byteSize(), CHAT_MESSAGE);
      element.set(
          ADDRESS, role, arena.allocateFrom(messages.get(i).role(), StandardCharsets.UTF_8));
      element.set(
          ADDRESS, content, arena.allocateFrom(messages.get(i).content(), StandardCharsets.UTF_8));
    }
    return array;
  }

  /** Length of the rendered chat (may exceed the buffer), or -1 for an unsupported template. */
  int applyChatTemplate(
      MemorySegment template, MemorySegment messages, int count, MemorySegment buffer) {
    int capacity = (int) buffer.byteSize();
    return (int)
        call(
            "llama_chat_apply_template",
            () ->
                (int)
                    chatApplyTemplate.invokeExact(
                        template, messages, (long) count, true, buffer, capacity));
  }

  // ---- batch ---------------------------------------------------------------------------------

  /** A batch of up to {@code capacity} tokens with one sequence id each. */
  BatchMemory newBatch(Arena arena, int capacity) {
    MemorySegment struct =
        (MemorySegment)
            call(
                "llama_batch_init",
                () ->
                    (MemorySegment)
                        batchInit.invokeExact((SegmentAllocator) arena, capacity, 0, 1));
    MemorySegment tokens = pointer(struct, "token", JAVA_INT.byteSize() * capacity);
    MemorySegment positions = pointer(struct, "pos", JAVA_INT.byteSize() * capacity);
    MemorySegment seqIdCounts = pointer(struct, "n_seq_id", JAVA_INT.byteSize() * capacity);
    MemorySegment seqIdArrays = pointer(struct, "seq_id", ADDRESS.byteSize() * capacity);
    MemorySegment logits = pointer(struct, "logits", JAVA_BYTE.byteSize() * capacity);
    MemorySegment[] seqIds = new MemorySegment[capacity];
    for (int i = 0; i < capacity; i++) {
      seqIds[i] = seqIdArrays.getAtIndex(ADDRESS, i).reinterpret(JAVA_INT.byteSize());
    }
    return new BatchMemory(struct, tokens, positions, seqIdCounts, seqIds, logits);
  }

  void setBatchTokenCount(MemorySegment batch, int count) {
    set(batch, BATCH, "n_tokens", count);
  }

  void freeBatch(MemorySegment batch) {
    run(
        "llama_batch_free",
        () -> {
          batchFree.invokeExact(batch);
        });
  }

  // ---- sampling ------------------------------------------------------------------------------

  MemorySegment newSamplerChain() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment params = samplerChainDefaultParams(arena);
      return checked(
          "llama_sampler_chain_init",
          (MemorySegment)
              call(
                  "llama_sampler_chain_init",
                  () -> (MemorySegment) samplerChainInit.invokeExact(params)));
    }
  }

  void addSampler(MemorySegment chain, MemorySegment sampler) {
    run(
        "llama_sampler_chain_add",
        () -> {
          samplerChainAdd.invokeExact(chain, sampler);
        });
  }

  MemorySegment greedySampler() {
    return checked(
        "llama_sampler_init_greedy",
        (MemorySegment)
            call(
                "llama_sampler_init_greedy",
                () -> (MemorySegment) samplerInitGreedy.invokeExact()));
  }

  MemorySegment distSampler(int seed) {
    return checked(
        "llama_sampler_init_dist",
        (MemorySegment)
            call(
                "llama_sampler_init_dist",
                () -> (MemorySegment) samplerInitDist.invokeExact(seed)));
  }

  MemorySegment topPSampler(float p) {
    return checked(
        "llama_sampler_init_top_p",
        (MemorySegment)
            call(
                "llama_sampler_init_top_p",
                () -> (MemorySegment) samplerInitTopP.invokeExact(p, 1L)));
  }

  MemorySegment topKSampler(int k) {
    return checked(
        "llama_sampler_init_top_k",
        (MemorySegment)
            call("llama_sampler_init_top_k", () -> (MemorySegment) samplerInitTopK.invokeExact(k)));
  }

  MemorySegment minPSampler(float p) {
    return checked(
        "llama_sampler_init_min_p",
        (MemorySegment)
            call(
                "llama_sampler_init_min_p",
                () -> (MemorySegment) samplerInitMinP.invokeExact(p, 1L)));
  }

  MemorySegment penaltiesSampler(
      int vocabularySize, int lastN, float repeat, float frequency, float presence) {
    return checked(
        "llama_sampler_init_penalties",
        (MemorySegment)
            call(
                "llama_sampler_init_penalties",
                () ->
                    switch (abi) {
                      case B4916 ->
                          (MemorySegment)
                              samplerInitPenalties.invokeExact(lastN, repeat, frequency, presence);
                      case V0_5 ->
                          (MemorySegment)
                              samplerInitPenalties.invokeExact(
                                  vocabularySize, lastN, repeat, frequency, presence);
                    }));
  }

  /** A sampler adding {@code biases[i]} to the logit of {@code tokens[i]}. */
  MemorySegment logitBiasSampler(int vocabularySize, int[] tokens, float[] biases) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment array = arena.allocate(LOGIT_BIAS, Math.max(1, tokens.length));
      long token = offset(LOGIT_BIAS, "token");
      long bias = offset(LOGIT_BIAS, "bias");
      for (int i = 0; i < tokens.length; i++) {
        long at = i * LOGIT_BIAS.byteSize();
        array.set(JAVA_INT, at + token, tokens[i]);
        array.set(JAVA_FLOAT, at + bias, biases[i]);
      }
      int count = tokens.length;
      return checked(
          "llama_sampler_init_logit_bias",
          (MemorySegment)
              call(
                  "llama_sampler_init_logit_bias",
                  () ->
                      (MemorySegment)
                          samplerInitLogitBias.invokeExact(vocabularySize, count, array)));
    }
  }

  /**
   * A grammar sampler for a GBNF grammar starting at rule "root". NULL when llama.cpp rejects the
   * grammar, in newer versions; b4916 then returns a sampler that enforces nothing.
   */
  MemorySegment grammarSampler(MemorySegment vocab, String grammar) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocateFrom(grammar, StandardCharsets.UTF_8);
      MemorySegment root = arena.allocateFrom("root", StandardCharsets.UTF_8);
      return (MemorySegment)
          call(
              "llama_sampler_init_grammar",
              () -> (MemorySegment) samplerInitGrammar.invokeExact(vocab, text, root));
    }
  }

  MemorySegment temperatureSampler(float temperature) {
    return checked(
        "llama_sampler_init_temp",
        (MemorySegment)
            call(
                "llama_sampler_init_temp",
                () -> (MemorySegment) samplerInitTemp.invokeExact(temperature)));
  }

  /** Samples from batch row {@code row}'s logits and accepts the token into the chain. */
  int sample(MemorySegment chain, MemorySegment context, int row) {
    return (int)
        call("llama_sampler_sample", () -> (int) samplerSample.invokeExact(chain, context, row));
  }

  /** Tells a sampler that {@code token} came next (penalties count it). */
  void accept(MemorySegment sampler, int token) {
    run(
        "llama_sampler_accept",
        () -> {
          samplerAccept.invokeExact(sampler, token);
        });
  }

  /** Whether {@code sampler}, applied to {@code token} alone, bans it (sets its logit to -inf). */
  boolean bans(MemorySegment sampler, int token) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment data = arena.allocate(TOKEN_DATA);
      data.set(JAVA_INT, offset(TOKEN_DATA, "id"), token);
      MemorySegment array = arena.allocate(TOKEN_DATA_ARRAY);
      array.set(ADDRESS, offset(TOKEN_DATA_ARRAY, "data"), data);
      array.set(JAVA_LONG, offset(TOKEN_DATA_ARRAY, "size"), 1L);
      array.set(JAVA_LONG, offset(TOKEN_DATA_ARRAY, "selected"), -1L);
      run(
          "llama_sampler_apply",
          () -> {
            samplerApply.invokeExact(sampler, array);
          });
      return data.get(JAVA_FLOAT, offset(TOKEN_DATA, "logit")) == Float.NEGATIVE_INFINITY;
    }
  }

  void freeSampler(MemorySegment chain) {
    run(
        "llama_sampler_free",
        () -> {
          samplerFree.invokeExact(chain);
        });
  }

  // ---- struct access -------------------------------------------------------------------------

  static long offset(StructLayout layout, String field) {
    return layout.byteOffset(groupElement(field));
  }

  static void set(MemorySegment struct, StructLayout layout, String field, Object value) {
    long at = offset(layout, field);
    switch (value) {
      case Integer i -> struct.set(JAVA_INT, at, i);
      case Float f -> struct.set(JAVA_FLOAT, at, f);
      case Boolean b -> struct.set(JAVA_BOOLEAN, at, b);
      default ->
          throw new IllegalArgumentException(
              "unsupported field value " + value.getClass() + " for " + field);
    }
  }

  private static MemorySegment pointer(MemorySegment struct, String field, long size) {
    MemorySegment address = struct.get(ADDRESS, offset(BATCH, field));
    if (address.equals(MemorySegment.NULL)) {
      throw new EngineException("llama_batch_init returned no " + field + " array");
    }
    return address.reinterpret(size);
  }

  private static MemorySegment checked(String function, MemorySegment result) {
    if (result.equals(MemorySegment.NULL)) {
      throw new EngineException(function + " returned NULL");
    }
    return result;
  }

  private void run(String function, NativeRun run) {
    call(
        function,
        () -> {
          run.invoke();
          return null;
        });
  }

  private Object call(String function, NativeCall call) {
    try {
      return call.invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new EngineException("llama.cpp call " + function + " failed: " + t, t);
    }
  }

  /** A downcall with a result; {@link MethodHandle#invokeExact} is declared to throw anything. */
  @FunctionalInterface
  private interface NativeCall {
    Object invoke() throws Throwable;
  }

  /** A downcall without a result. */
  @FunctionalInterface
  private interface NativeRun {
    void invoke() throws Throwable;
  }

  /** The settings a context is created with. */
  record ContextSettings(
      int contextTokens,
      int batchTokens,
      int sequences,
      int threads,
      float defragThreshold,
      boolean flashAttention,
      int kvCacheType) {}

  /** A batch's struct and its arrays, sized for its capacity. */
  record BatchMemory(
      MemorySegment struct,
      MemorySegment tokens,
      MemorySegment positions,
      MemorySegment seqIdCounts,
      MemorySegment[] seqIds,
      MemorySegment logits) {}
}
