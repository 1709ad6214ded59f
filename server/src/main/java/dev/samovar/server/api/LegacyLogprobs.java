package dev.samovar.server.api;

import dev.samovar.engine.TokenLogprob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text completion choice's {@code logprobs} in OpenAI's legacy shape: parallel lists of tokens,
 * their log-probabilities, the alternatives of each (token text to log-probability; texts that
 * decode alike keep the first, most likely one) and the offset of each token in the choice's text
 * (in code points; a token that completes no character yet gets the offset of the text that follows
 * it).
 */
public record LegacyLogprobs(
    List<String> tokens,
    List<Double> tokenLogprobs,
    List<Map<String, Double>> topLogprobs,
    List<Integer> textOffset) {

  /** Builds the lists of one choice, delta by delta, keeping track of the text offset. */
  public static final class Builder {
    private final List<String> tokens = new ArrayList<>();
    private final List<Double> tokenLogprobs = new ArrayList<>();
    private final List<Map<String, Double>> topLogprobs = new ArrayList<>();
    private final List<Integer> textOffset = new ArrayList<>();
    private int offset;

    /** Adds the tokens that produced {@code text}, all at the offset where the text starts. */
    public Builder add(String text, List<TokenLogprob> logprobs) {
      for (TokenLogprob token : logprobs) {
        tokens.add(TokenText.text(token.bytes()));
        tokenLogprobs.add(TokenText.logprob(token.logprob()));
        Map<String, Double> top = new LinkedHashMap<>();
        for (TokenLogprob.Alternative alternative : token.top()) {
          top.putIfAbsent(
              TokenText.text(alternative.bytes()), TokenText.logprob(alternative.logprob()));
        }
        topLogprobs.add(top);
        textOffset.add(offset);
      }
      offset += text.codePointCount(0, text.length());
      return this;
    }

    /** The lists added since the last call, which then start empty again. */
    public LegacyLogprobs take() {
      LegacyLogprobs taken =
          new LegacyLogprobs(
              List.copyOf(tokens),
              List.copyOf(tokenLogprobs),
              List.copyOf(topLogprobs),
              List.copyOf(textOffset));
      tokens.clear();
      tokenLogprobs.clear();
      topLogprobs.clear();
      textOffset.clear();
      return taken;
    }
  }
}
