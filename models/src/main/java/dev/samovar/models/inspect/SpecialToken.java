package dev.samovar.models.inspect;

import java.util.Objects;

/**
 * A token the tokenizer metadata names for a role.
 *
 * @param role as in {@code tokenizer.ggml.<role>_token_id}: bos, eos, eot, eom, unknown, seperator
 *     (sic), padding, mask
 * @param id the token id
 * @param text its text in the vocabulary, or empty when the id is outside it
 */
public record SpecialToken(String role, long id, String text) {
  public SpecialToken {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }
}
