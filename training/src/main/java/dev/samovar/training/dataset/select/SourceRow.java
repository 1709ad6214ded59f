package dev.samovar.training.dataset.select;

import java.util.List;

/**
 * A well-formed row of a Tagengo-format input.
 *
 * @param id the conversation id
 * @param lang the row's ISO 639-1 code (its detected language, else its named one)
 * @param turns the human messages, in order; may be empty or blank (an empty prompt)
 */
record SourceRow(String id, String lang, List<String> turns) {
  SourceRow {
    turns = List.copyOf(turns);
  }

  /** Whether the prompt has no human turn or a blank one. */
  boolean empty() {
    return turns.isEmpty() || turns.stream().anyMatch(String::isBlank);
  }
}
