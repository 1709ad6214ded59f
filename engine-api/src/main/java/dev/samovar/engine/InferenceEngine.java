package dev.samovar.engine;

import java.util.List;
import java.util.Optional;

/**
 * A loaded model that generates text for many requests at once.
 *
 * <p>Implementations are thread-safe: any thread may render, tokenize or submit. {@link #submit}
 * returns at once; the engine calls the sink from its own thread, so a sink must not block.
 */
public interface InferenceEngine extends AutoCloseable {

  /** Facts about the loaded model and the context the engine runs. */
  ModelInfo info();

  /** The native library the model runs on and the layers it offloaded. */
  BackendInfo backend();

  /**
   * Renders chat messages with the model's own chat template and appends the assistant header.
   * Message contents come back as {@link Prompt.Text#special() plain} segments, so that text a user
   * typed can never become a control token.
   */
  Prompt renderChat(List<ChatMessage> messages);

  /**
   * Token ids of {@code text}; {@code parseSpecial} turns control-token text into control tokens.
   */
  int[] tokenize(String text, boolean addSpecial, boolean parseSpecial);

  /** The text of {@code tokens}; control tokens are rendered as their text. */
  String detokenize(int[] tokens);

  /**
   * Checks that generations can be held to {@code schema} (JSON text), as {@link
   * GenerationRequest#jsonSchema()}.
   *
   * @throws InvalidGenerationRequestException (field "jsonSchema") where they cannot
   */
  void checkJsonSchema(String schema);

  /** The bytes of one token (a piece of a UTF-8 character for some byte-level tokens). */
  byte[] tokenBytes(int token);

  /** What each sequence is doing and how many generations wait. */
  EngineStatus status();

  /**
   * Why the engine stopped, when its thread ended on an error: from then on every generation fails
   * with it and {@link #submit} throws it. Empty while the engine runs, and after a {@link #close}
   * that nothing preceded.
   */
  Optional<EngineStoppedException> failure();

  /**
   * Queues a generation. Validation that needs the prompt's tokens happens here, on the caller's
   * thread: a prompt longer than the context fails with {@link ContextLengthExceededException}, a
   * request the engine cannot run as asked (an unusable JSON schema, a token id outside the
   * vocabulary) with {@link InvalidGenerationRequestException}.
   *
   * @throws EngineException when the engine is closed or the request cannot run
   */
  GenerationHandle submit(GenerationRequest request, GenerationSink sink);

  /** Cancels all work, frees native memory; no sink is called afterwards. Idempotent. */
  @Override
  void close();
}
