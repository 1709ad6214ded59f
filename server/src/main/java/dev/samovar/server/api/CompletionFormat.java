package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.TokenLogprob;
import java.util.List;

/**
 * The wire format of one completion request: its JSON body, or the chunks of its event stream.
 * Chunks of one stream share id, created and model; when the client asked for usage every chunk has
 * {@code "usage": null} except the last, which has no choices and the usage.
 */
public interface CompletionFormat {

  /** Whether a stream ends with a usage chunk. */
  boolean includeUsage();

  /** Whether chunks and bodies carry log-probabilities (the client asked for them). */
  boolean logprobs();

  /** The chunks that open the stream of choice {@code index}. */
  List<ObjectNode> opening(int index);

  /**
   * A chunk with generated text.
   *
   * @param logprobs the log-probabilities of the tokens behind the text; empty when not asked for
   */
  ObjectNode delta(int index, String text, List<TokenLogprob> logprobs);

  /**
   * The last chunk of choice {@code index}.
   *
   * @param logprobs log-probabilities of tokens that added no text (e.g. the end-of-generation
   *     token); empty when not asked for
   */
  ObjectNode finish(int index, String finishReason, List<TokenLogprob> logprobs);

  /** The usage chunk after every choice has finished. */
  ObjectNode usage(Usage usage);

  /** The whole answer as one JSON body. */
  Object body(List<ChoiceOutput> choices, Usage usage);
}
