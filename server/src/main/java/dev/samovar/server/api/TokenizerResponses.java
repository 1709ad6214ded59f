package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/** The answers of llama-server's {@code /tokenize} and {@code /detokenize}. */
public final class TokenizerResponses {

  private TokenizerResponses() {}

  /** {@code {"tokens":[ids]}}. */
  public static ObjectNode tokens(int[] ids) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode tokens = body.putArray("tokens");
    for (int id : ids) {
      tokens.add(id);
    }
    return body;
  }

  /**
   * {@code {"tokens":[{"id","piece"}]}}: the piece is a string when the token's bytes are valid
   * UTF-8, else the list of its bytes.
   */
  public static ObjectNode pieces(int[] ids, IntFunction<byte[]> tokenBytes) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode tokens = body.putArray("tokens");
    for (int id : ids) {
      byte[] bytes = tokenBytes.apply(id);
      ObjectNode token = tokens.addObject().put("id", id);
      String text = utf8(bytes);
      if (text != null) {
        token.put("piece", text);
      } else {
        ArrayNode piece = token.putArray("piece");
        for (byte b : bytes) {
          piece.add(Byte.toUnsignedInt(b));
        }
      }
    }
    return body;
  }

  /** {@code {"content": text}}. */
  public static ObjectNode content(String text) {
    return Json.MAPPER.createObjectNode().put("content", text);
  }

  /** The bytes as a string, or null when they are not valid UTF-8. */
  private static String utf8(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
