package dev.samovar.engine.llama;

import dev.samovar.engine.InvalidGenerationRequestException;

/** The errors of a JSON schema outside {@link JsonSchemaSubset}: field "jsonSchema", one line. */
final class JsonSchemaErrors {
  private JsonSchemaErrors() {}

  /** The schema at {@code path} (a JSON pointer; empty for the root) is outside the subset. */
  static InvalidGenerationRequestException at(String path, String message) {
    return invalid(
        "unsupported JSON schema at " + (path.isEmpty() ? "the root" : path) + ": " + message);
  }

  /** The schema as a whole is not usable. */
  static InvalidGenerationRequestException invalid(String message) {
    return new InvalidGenerationRequestException("jsonSchema", message);
  }
}
