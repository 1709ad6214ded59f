package dev.samovar.training.dataset.select;

/**
 * A row of the input that is not a Tagengo conversation; it is reported, counted and skipped (fatal
 * with {@code --strict}).
 */
final class MalformedRowException extends Exception {
  private final String lang;

  /**
   * @param reason what is wrong with the row
   * @param lang the row's language code when it could be read, else null
   */
  MalformedRowException(String reason, String lang) {
    super(reason, null, false, false);
    this.lang = lang;
  }

  /** The row's language code, or null when the row does not say. */
  String lang() {
    return lang;
  }
}
