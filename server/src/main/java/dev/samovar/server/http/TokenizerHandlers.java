package dev.samovar.server.http;

import dev.samovar.engine.InferenceEngine;
import dev.samovar.server.api.TokenizerRequests;
import dev.samovar.server.api.TokenizerResponses;
import io.javalin.http.Context;

/**
 * llama-server's {@code POST /tokenize} (control-token text is parsed, BOS added only when {@code
 * add_special} is true) and {@code POST /detokenize}.
 */
final class TokenizerHandlers {
  private final ServedModel model;

  TokenizerHandlers(ServedModel model) {
    this.model = model;
  }

  void tokenize(Context ctx) {
    InferenceEngine engine = model.engine();
    TokenizerRequests.Tokenize request = TokenizerRequests.tokenize(ctx.bodyAsBytes());
    int[] ids = engine.tokenize(request.content(), request.addSpecial(), true);
    ctx.json(
        request.withPieces()
            ? TokenizerResponses.pieces(ids, engine::tokenBytes)
            : TokenizerResponses.tokens(ids));
  }

  void detokenize(Context ctx) {
    InferenceEngine engine = model.engine();
    int[] ids = TokenizerRequests.detokenize(ctx.bodyAsBytes(), engine.info().vocabSize());
    ctx.json(TokenizerResponses.content(engine.detokenize(ids)));
  }
}
