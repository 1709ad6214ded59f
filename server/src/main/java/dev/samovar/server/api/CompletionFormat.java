package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.TokenLogprob;
import dev.samovar.server.error.ApiError;
import java.util.List;

/**
 * The wire format of one completion request: its JSON body, or the chunks of its event stream.
 * Chunks of one stream share id, created and model; when the client asked for usage every chunk has
 * {@code "usage": null} except the last, which has no choices and the usage.
 */
public interface CompletionFormat {

  /** Whether chunks and bodies carry log-probabilities (the client asked for them). */
  boolean logprobs();

  /**
   * Whether every delta is one chunk that depends on nothing but its choice and text (no
   * log-probabilities, no tool calls), so that a stream may template it.
   */
  boolean plainDeltas();

  /** The chunks that open the stream of choice {@code index}. */
  List<ObjectNode> opening(int index);

  /**
   * The chunks for generated text: one, or, where the text is read as tool calls, as many as it
   * adds parts (possibly none).
   *
   * @param logprobs the log-probabilities of the tokens behind the text; empty when not asked for
   */
  List<ObjectNode> delta(int index, String text, List<TokenLogprob> logprobs);

  /**
   * The last chunks of choice {@code index} (OpenAI's: one, with the finish reason).
   *
   * @param finishReason OpenAI's: stop or length
   * @param stopSequence the stop string that ended the choice, or null
   * @param logprobs log-probabilities of tokens that added no text (e.g. the end-of-generation
   *     token); empty when not asked for
   */
  List<ObjectNode> finish(
      int index, String finishReason, String stopSequence, List<TokenLogprob> logprobs);

  /** The chunks after every choice has finished (OpenAI's: the usage chunk, when asked for). */
  List<ObjectNode> closing(Usage usage);

  /**
   * Whether each event names itself in an {@code event:} line, as its {@code type} field says
   * (Anthropic's streams, OpenAI's Responses), and the stream ends with its own closing event;
   * OpenAI's chunk streams have data lines only and end with {@code data: [DONE]}.
   */
  default boolean namedEvents() {
    return false;
  }

  /** The body of an error: OpenAI's error object unless the API has its own. */
  default Object errorBody(ApiError error) {
    return error.body();
  }

  /** The whole answer as one JSON body. */
  Object body(List<ChoiceOutput> choices, Usage usage);
}
