package dev.samovar.engine.llama;

import de.kherud.llama.LlamaModel;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.InvalidGenerationRequestException;
import java.util.Set;

/**
 * Turns a JSON schema into the GBNF grammar a grammar sampler enforces, with the binding's own
 * converter (llama.cpp's json-schema-to-grammar), after {@link JsonSchemaSubset} has checked it.
 * The grammar allows at most one space between tokens instead of the converter's up to 22
 * whitespace characters, so that a model cannot spend its tokens on indentation. Where plain text
 * is allowed too, the grammar's top rule is either the document or text whose first character is
 * not '{'.
 *
 * @param document the GBNF grammar of the schema's documents
 * @param textAllowed whether plain text may stand instead of a document
 */
record JsonSchemaGrammar(String document, boolean textAllowed) {
  /** The whitespace rule of llama.cpp b4916's converter. */
  static final String CONVERTER_SPACE_RULE = "space ::= | \" \" | \"\\n\"{1,2} [ \\t]{0,20}\n";

  /** Nothing, or one space. */
  static final String COMPACT_SPACE_RULE = "space ::= | \" \"\n";

  /** The rule of the document where plain text is allowed too. */
  static final String DOCUMENT_RULE = "json-document";

  /** The rule of plain text: anything that does not start with '{'. */
  static final String TEXT_RULES =
      "root ::= " + DOCUMENT_RULE + " | plain-text\nplain-text ::= [^{] [^\\x00]*\n";

  /**
   * The grammar for {@code schema}, or, when {@code textAllowed}, for a document of it or plain
   * text that does not start with '{'.
   *
   * @throws InvalidGenerationRequestException (field "jsonSchema") for a schema outside {@link
   *     JsonSchemaSubset} or one the converter rejects
   */
  static JsonSchemaGrammar of(String schema, boolean textAllowed) {
    return new JsonSchemaGrammar(documentGrammar(schema), textAllowed);
  }

  /** The GBNF grammar: the document's, or the document or plain text. */
  String gbnf() {
    if (!textAllowed) {
      return document;
    }
    Set<String> names = GbnfRules.names(document);
    if (names.contains(DOCUMENT_RULE) || names.contains("plain-text")) {
      throw new EngineException(
          "the schema's grammar already has a rule named like ours: " + names);
    }
    return TEXT_RULES + GbnfRules.rename(document, "root", DOCUMENT_RULE);
  }

  private static String documentGrammar(String schema) {
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
