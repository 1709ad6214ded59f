package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.JsonSchemaErrors.at;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary of {@link JsonSchemaSubset}: the annotations it drops, the keywords it knows (the
 * structural ones, and those that apply to one type only), the type names and formats, and the
 * types a schema allows.
 */
final class JsonSchemaKeywords {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> ANNOTATIONS =
      Set.of(
          "title",
          "description",
          "$schema",
          "$id",
          "$comment",
          "examples",
          "default",
          "deprecated",
          "readOnly",
          "writeOnly");
  private static final List<String> TYPES =
      List.of("object", "array", "string", "integer", "number", "boolean", "null");
  private static final Set<String> FORMATS =
      Set.of("date", "time", "date-time", "uuid", "uuid1", "uuid2", "uuid3", "uuid4", "uuid5");
  private static final Map<String, String> TYPED_KEYWORDS =
      Map.ofEntries(
          Map.entry("properties", "object"),
          Map.entry("required", "object"),
          Map.entry("additionalProperties", "object"),
          Map.entry("items", "array"),
          Map.entry("prefixItems", "array"),
          Map.entry("minItems", "array"),
          Map.entry("maxItems", "array"),
          Map.entry("minLength", "string"),
          Map.entry("maxLength", "string"),
          Map.entry("format", "string"),
          Map.entry("minimum", "integer"),
          Map.entry("maximum", "integer"),
          Map.entry("exclusiveMinimum", "integer"),
          Map.entry("exclusiveMaximum", "integer"));
  private static final Set<String> STRUCTURAL =
      Set.of("$ref", "anyOf", "oneOf", "allOf", "enum", "const", "type", "$defs", "definitions");

  private JsonSchemaKeywords() {}

  /** Whether {@code keyword} only describes a schema (title, description, examples, ...). */
  static boolean annotation(String keyword) {
    return ANNOTATIONS.contains(keyword);
  }

  /** Whether the converter knows the string format {@code format}. */
  static boolean knownFormat(String format) {
    return FORMATS.contains(format);
  }

  /** Whether the subset supports {@code keyword} (annotations and uniqueItems aside). */
  static boolean supported(String keyword) {
    return STRUCTURAL.contains(keyword) || TYPED_KEYWORDS.containsKey(keyword);
  }

  /** The one type {@code keyword} applies to; null for keywords of any schema. */
  static String typeOf(String keyword) {
    return TYPED_KEYWORDS.get(keyword);
  }

  /**
   * The types the schema {@code node} allows: its {@code type} (one or a list), or without one the
   * object or array type its {@code keywords} imply.
   */
  static List<String> types(JsonNode node, Set<String> keywords, String path) {
    JsonNode type = node.get("type");
    if (type == null) {
      Set<String> implied = new LinkedHashSet<>();
      for (String keyword : keywords) {
        implied.add(TYPED_KEYWORDS.get(keyword));
      }
      if (implied.size() > 1 || !(implied.contains("object") || implied.contains("array"))) {
        throw at(path, "keywords " + keywords + " need a \"type\"");
      }
      return List.copyOf(implied);
    }
    List<String> types = new ArrayList<>();
    if (type.isArray() && !type.isEmpty()) {
      for (JsonNode element : type) {
        types.add(typeName(element, path));
      }
      if (Set.copyOf(types).size() != types.size()) {
        throw at(path, "\"type\" lists a type twice");
      }
    } else {
      types.add(typeName(type, path));
    }
    return types;
  }

  /** Any JSON value; llama.cpp's converter reads an empty schema as "any object". */
  static ObjectNode anyValue() {
    ArrayNode types = NODES.arrayNode();
    TYPES.stream().filter(type -> !type.equals("integer")).forEach(types::add);
    return NODES.objectNode().set("type", types);
  }

  private static String typeName(JsonNode type, String path) {
    if (!type.isTextual() || !TYPES.contains(type.textValue())) {
      throw at(path, "\"type\" must be one of " + TYPES + " or a non-empty list of them");
    }
    return type.textValue();
  }
}
