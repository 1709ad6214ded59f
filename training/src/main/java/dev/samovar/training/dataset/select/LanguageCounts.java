package dev.samovar.training.dataset.select;

/** What happened to the rows of one language (or of the languages not selected). */
final class LanguageCounts {
  long read;
  long malformed;
  long empty;
  long tooLong;
  long duplicates;
  long available;
  long selected;

  /** Adds {@code other}'s counts to these. */
  void add(LanguageCounts other) {
    read += other.read;
    malformed += other.malformed;
    empty += other.empty;
    tooLong += other.tooLong;
    duplicates += other.duplicates;
    available += other.available;
    selected += other.selected;
  }
}
