package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.server.error.InvalidRequestException;

/** Reads the bodies of llama-server's {@code /tokenize} and {@code /detokenize}. */
public final class TokenizerRequests {

  private TokenizerRequests() {}

  /**
   * A {@code /tokenize} body.
   *
   * @param content the text
   * @param addSpecial whether to add BOS
   * @param withPieces whether to answer with each token's piece
   */
  public record Tokenize(String content, boolean addSpecial, boolean withPieces) {}

  public static Tokenize tokenize(byte[] body) {
    JsonNode root = JsonBody.object(body);
    String content = Fields.string(root, "content", "content");
    if (content == null) {
      throw new InvalidRequestException("Missing required parameter: 'content'.", "content");
    }
    return new Tokenize(
        content,
        Fields.bool(root, "add_special", "add_special"),
        Fields.bool(root, "with_pieces", "with_pieces"));
  }

  /**
   * The token ids of a {@code /detokenize} body, each in {@code [0, vocabSize)}.
   *
   * @param vocabSize how many tokens the model has
   */
  public static int[] detokenize(byte[] body, int vocabSize) {
    JsonNode tokens = field(JsonBody.object(body), "tokens");
    if (tokens == null) {
      throw new InvalidRequestException("Missing required parameter: 'tokens'.", "tokens");
    }
    if (!tokens.isArray()) {
      throw wrongType("tokens", "an array of token ids");
    }
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tokenId(tokens.get(i), "tokens[" + i + "]", vocabSize);
    }
    return ids;
  }

  /** A token id in {@code [0, vocabSize)}. */
  static int tokenId(JsonNode id, String param, int vocabSize) {
    if (!id.isIntegralNumber()) {
      throw wrongType(param, "a token id");
    }
    if (!id.canConvertToInt() || id.intValue() < 0 || id.intValue() >= vocabSize) {
      throw new InvalidRequestException(
          "Invalid value for '"
              + param
              + "': "
              + id
              + " is not a token id; this model's ids are 0 to "
              + (vocabSize - 1)
              + ".",
          param);
    }
    return id.intValue();
  }
}
