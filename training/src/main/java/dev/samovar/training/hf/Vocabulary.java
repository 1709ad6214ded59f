package dev.samovar.training.hf;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A byte-level BPE vocabulary as GGUF stores it.
 *
 * @param tokens token spellings, index = id
 * @param types llama.cpp token types: 1 normal, 3 control, 4 user-defined, 5 unused
 * @param merges BPE merges, "left right", by rank
 * @param bos the begin-of-text id
 * @param eos the end-of-sequence id
 * @param eot the end-of-turn id, if the vocabulary has {@code <|eot_id|>}
 * @param addBos whether a BOS token starts tokenized text
 * @param addEos whether an EOS token ends tokenized text, when known
 * @param chatTemplate the default chat template, if any
 */
public record Vocabulary(
    List<String> tokens,
    int[] types,
    List<String> merges,
    int bos,
    int eos,
    OptionalInt eot,
    boolean addBos,
    Optional<Boolean> addEos,
    Optional<String> chatTemplate) {
  /** A regular token. */
  public static final int NORMAL = 1;

  /** A control token such as {@code <|eot_id|>}. */
  public static final int CONTROL = 3;

  /** An added token that is not special. */
  public static final int USER_DEFINED = 4;

  /** A filler for an id without a token. */
  public static final int UNUSED = 5;

  public Vocabulary {
    tokens = List.copyOf(tokens);
    types = types.clone();
    merges = List.copyOf(merges);
  }

  @Override
  public int[] types() {
    return types.clone();
  }
}
