package dev.samovar.engine.llama;

import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.EngineStoppedException;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.engine.ModelInfo;
import dev.samovar.engine.ModelLoadException;
import dev.samovar.engine.Prompt;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference engine over llama.cpp: one model, one context with a sequence per parallel request,
 * and one engine thread that batches them all (see {@link EngineLoop}). Tokenizing and rendering
 * run on the caller's thread.
 */
public final class LlamaEngine implements InferenceEngine {
  private static final Logger LOG = LoggerFactory.getLogger(LlamaEngine.class);

  /** Fragmentation above which llama.cpp compacts the KV cache, as llama-server does. */
  private static final float DEFRAG_THRESHOLD = 0.1f;

  private final LlamaLibrary library;
  private final ModelInfo info;
  private final LlamaVocabulary vocabulary;
  private final ChatRenderer renderer;
  private final WorkQueue queue;
  private final Thread thread;
  private final EngineLoop loop;
  private final Lock modelReadLock;
  private final BackendInfo backend;

  private LlamaEngine(
      LlamaLibrary library,
      ModelInfo info,
      LlamaVocabulary vocabulary,
      ChatRenderer renderer,
      WorkQueue queue,
      EngineLoop loop,
      Thread thread,
      Lock modelReadLock,
      BackendInfo backend) {
    this.library = library;
    this.info = info;
    this.vocabulary = vocabulary;
    this.renderer = renderer;
    this.queue = queue;
    this.loop = loop;
    this.thread = thread;
    this.modelReadLock = modelReadLock;
    this.backend = backend;
  }

  /**
   * Loads the model, creates its context and starts the engine thread.
   *
   * @throws ModelLoadException when the file is missing or llama.cpp cannot load it
   * @throws EngineException when the native library cannot be used
   */
  public static LlamaEngine load(EngineConfig config) {
    Objects.requireNonNull(config, "config");
    LlamaBackend backend = LlamaBackend.open(config.gpu(), System.getenv());
    LlamaModelFile model =
        LlamaModelFile.load(config.modelPath(), backend.library(), backend.placement());
    try {
      return start(config, model, backend.info(model.layerCount()));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static LlamaEngine start(EngineConfig config, LlamaModelFile model, BackendInfo backend) {
    LlamaLibrary library = LlamaLibrary.get();
    int trainContext = model.trainContextLength();
    int contextLength =
        config.contextSize() > 0
            ? config.contextSize()
            : Math.min(trainContext, EngineConfig.MAX_DEFAULT_CONTEXT);
    if (contextLength < 1) {
      throw new ModelLoadException(
          "the model " + config.modelPath() + " has no context length; set a context size");
    }
    long totalTokens = (long) contextLength * config.parallel();
    if (totalTokens > Integer.MAX_VALUE) {
      throw new ModelLoadException(
          "a context of "
              + contextLength
              + " tokens for "
              + config.parallel()
              + " sequences is too large");
    }
    int threads =
        config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
    int batchTokens = (int) Math.min(config.batchSize(), totalTokens);
    LlamaLibrary.takeFirstError();
    MemorySegment context =
        library.newContext(
            model.pointer(),
            new LlamaLibrary.ContextSettings(
                (int) totalTokens,
                batchTokens,
                config.parallel(),
                threads,
                DEFRAG_THRESHOLD,
                config.gpu().flashAttention(),
                config.kvCache().ggmlType()));
    if (context.equals(MemorySegment.NULL)) {
      String reason = LlamaLibrary.takeFirstError();
      throw new ModelLoadException(
          "llama.cpp cannot create a context of "
              + totalTokens
              + " tokens for "
              + config.parallel()
              + " sequences"
              + (reason == null ? "" : ": " + reason.strip()));
    }
    Arena arena = Arena.ofShared();
    LlamaBatch batch = null;
    try {
      int created = library.contextTokens(context);
      if (created < totalTokens) {
        throw new ModelLoadException(
            "llama.cpp created a context of " + created + " tokens instead of " + totalTokens);
      }
      List<MemorySegment> adapters = new ArrayList<>();
      float[] scales = new float[config.loras().size()];
      for (EngineConfig.Lora lora : config.loras()) {
        scales[adapters.size()] = lora.scale();
        adapters.add(model.loadAdapter(lora.path()));
      }
      if (!library.applyAdapters(context, adapters, scales)) {
        throw new ModelLoadException(
            "llama.cpp cannot apply the LoRA adapters "
                + config.loras().stream().map(EngineConfig.Lora::path).toList());
      }
      batch = new LlamaBatch(library, arena, batchTokens);
      String template = model.chatTemplate();
      ModelInfo info =
          new ModelInfo(
              config.modelId(),
              contextLength,
              trainContext,
              config.parallel(),
              model.vocabulary().size(),
              template == null ? "" : template,
              model.description());
      ReentrantReadWriteLock modelLock = new ReentrantReadWriteLock();
      WorkQueue queue = new WorkQueue();
      EngineLoop loop =
          new EngineLoop(
              library,
              model,
              context,
              arena,
              batch,
              config.parallel(),
              queue,
              contextLength,
              config.promptCacheBytes(),
              modelLock.writeLock());
      Thread thread =
          Thread.ofPlatform().name("samovar-engine-" + config.modelId()).daemon().unstarted(loop);
      LlamaEngine engine =
          new LlamaEngine(
              library,
              info,
              model.vocabulary(),
              new ChatRenderer(library, template, model.vocabulary().promptStart()),
              queue,
              loop,
              thread,
              modelLock.readLock(),
              backend);
      thread.start();
      LOG.info(
          "loaded {} ({}): {} sequences of {} tokens, batches of {}, {} threads",
          config.modelId(),
          info.description(),
          config.parallel(),
          contextLength,
          batchTokens,
          threads);
      return engine;
    } catch (RuntimeException e) {
      if (batch != null) {
        batch.free();
      }
      library.freeContext(context);
      arena.close();
      throw e;
    }
  }

  @Override
  public BackendInfo backend() {
    return backend;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public Prompt renderChat(List<ChatMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    return whileOpen(() -> renderer.render(messages));
  }

  @Override
  public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
    Objects.requireNonNull(text, "text");
    return whileOpen(() -> vocabulary.tokenize(text, addSpecial, parseSpecial));
  }

  @Override
  public String detokenize(int[] tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return whileOpen(() -> vocabulary.detokenize(tokens));
  }

  @Override
  public void checkJsonSchema(String schema) {
    Objects.requireNonNull(schema, "schema");
    JsonSchemaGrammar.of(schema, false);
  }

  @Override
  public byte[] tokenBytes(int token) {
    return whileOpen(() -> vocabulary.tokenBytes(token));
  }

  @Override
  public EngineStatus status() {
    return loop.status();
  }

  @Override
  public Optional<EngineStoppedException> failure() {
    return Optional.ofNullable(loop.failure());
  }

  @Override
  public GenerationHandle submit(GenerationRequest request, GenerationSink sink) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    return whileOpen(() -> queue(request, sink));
  }

  /** Tokenizes, checks and queues a request; builds its sampler chain (and grammar) here. */
  private Generation queue(GenerationRequest request, GenerationSink sink) {
    int[] prompt = vocabulary.tokenize(request.prompt());
    if (prompt.length == 0) {
      throw new EngineException("the prompt is empty");
    }
    if (prompt.length > info.contextLength()) {
      throw new ContextLengthExceededException(prompt.length, info.contextLength());
    }
    JsonSchemaGrammar grammar = null;
    if (request.jsonSchema() != null) {
      if (request.ignoreEos()) {
        throw new InvalidGenerationRequestException(
            "ignoreEos",
            "ignoreEos cannot be combined with a JSON schema: a finished document needs an"
                + " end-of-generation token");
      }
      grammar = JsonSchemaGrammar.of(request.jsonSchema(), request.textAllowed());
    }
    SamplerChain sampler = SamplerChain.create(library, vocabulary, request, grammar, prompt);
    Generation generation = new Generation(request, prompt, sampler, sink, queue);
    try {
      queue.add(generation);
    } catch (RuntimeException e) {
      sampler.free();
      throw e;
    }
    return generation;
  }

  private <T> T whileOpen(Supplier<T> work) {
    modelReadLock.lock();
    try {
      EngineStoppedException failure = loop.failure();
      if (failure != null) {
        throw failure;
      }
      if (queue.closed()) {
        throw new EngineException("the engine is closed");
      }
      return work.get();
    } finally {
      modelReadLock.unlock();
    }
  }

  /**
   * Cancels queued and running generations (their sinks complete with CANCELLED), waits for the
   * engine thread to free the native memory. From a sink, on the engine thread, it only starts
   * closing: the thread finishes once the sink returns.
   */
  @Override
  public void close() {
    queue.close();
    if (Thread.currentThread() != thread) {
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
