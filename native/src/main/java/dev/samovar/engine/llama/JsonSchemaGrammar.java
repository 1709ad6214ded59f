package dev.samovar.engine.llama;

import de.kherud.llama.LlamaModel;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.InvalidGenerationRequestException;

/**
 * Turns a JSON schema into the GBNF grammar a grammar sampler enforces, with the binding's own
 * converter (llama.cpp's json-schema-to-grammar), after {@link JsonSchemaSubset} has checked it.
 * The grammar allows at most one space between tokens instead of the converter's up to 22
 * whitespace characters, so that a model cannot spend its tokens on indentation.
 */
final class JsonSchemaGrammar {
  /** The whitespace rule of llama.cpp b4916's converter. */
  static final String CONVERTER_SPACE_RULE = "space ::= | \" \" | \"\\n\"{1,2} [ \\t]{0,20}\n";

  /** Nothing, or one space. */
  static final String COMPACT_SPACE_RULE = "space ::= | \" \"\n";

  private JsonSchemaGrammar() {}

  /**
   * The grammar for {@code schema}.
   *
   * @throws InvalidGenerationRequestException (field "jsonSchema") for a schema outside {@link
   *     JsonSchemaSubset} or one the converter rejects
   */
  static String of(String schema) {
    String canonical = JsonSchemaSubset.canonical(schema);
    String grammar;
    BindingLibrary.ensureLoaded();
    try {
      grammar = LlamaModel.jsonSchemaToGrammar(canonical);
    } catch (RuntimeException e) {
      throw new InvalidGenerationRequestException(
          "jsonSchema", "llama.cpp cannot convert the JSON schema: " + e.getMessage(), e);
    }
    if (!grammar.contains(CONVERTER_SPACE_RULE)) {
      throw new EngineException(
          "llama.cpp's schema converter no longer writes the expected whitespace rule: " + grammar);
    }
    return grammar.replace(CONVERTER_SPACE_RULE, COMPACT_SPACE_RULE);
  }
}
