package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.JsonSchemaErrors.at;
import static dev.samovar.engine.llama.JsonSchemaErrors.invalid;
import static dev.samovar.engine.llama.JsonSchemaKeywords.anyValue;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.InvalidGenerationRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON schemas samovar turns into grammars: the subset that llama.cpp's schema converter (in
 * the binding's native library) translates exactly. That converter ends the whole process on input
 * it cannot handle (a C++ exception through JNI), and silently ignores some constraints, so every
 * schema is checked here and rewritten into the canonical JSON the converter gets.
 *
 * <p>Supported: {@code type} (one or a list), {@code properties}, {@code required}, {@code
 * additionalProperties} (boolean or schema), {@code items} (schema or tuple), {@code prefixItems},
 * {@code minItems}/{@code maxItems}, {@code minLength}/{@code maxLength}, integer {@code
 * minimum}/{@code maximum}/{@code exclusiveMinimum}/{@code exclusiveMaximum}, {@code enum}, {@code
 * const}, {@code anyOf}, {@code oneOf}, a one-element {@code allOf}, local {@code $ref} into {@code
 * $defs} or {@code definitions} (or any schema of the document), and the formats date, time,
 * date-time and uuid. Annotations (title, description, examples, ...) and other formats are
 * dropped. An object without {@code additionalProperties} allows no other properties. Anything else
 * fails with the path of the schema at fault.
 *
 * <p>This class walks the schema's structure (subschemas, unions, references, objects and arrays);
 * {@link JsonSchemaKeywords} knows the keywords and types, {@link JsonSchemaValueKeywords} checks
 * the keywords that constrain values.
 */
final class JsonSchemaSubset {
  /** How deep schemas may nest. */
  static final int MAX_DEPTH = 32;

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Set<String> schemaPaths = new HashSet<>();
  private final List<String[]> refs = new ArrayList<>();

  private JsonSchemaSubset() {}

  /**
   * The canonical JSON of {@code schema}.
   *
   * @throws InvalidGenerationRequestException (field "jsonSchema") for text that is not JSON or a
   *     schema outside the subset
   */
  static String canonical(String schema) {
    JsonNode root;
    try {
      root = JSON.readTree(schema);
    } catch (JacksonException e) {
      throw invalid("the JSON schema is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw invalid("the JSON schema is empty");
    }
    JsonSchemaSubset subset = new JsonSchemaSubset();
    ObjectNode canonical = subset.schema(root, "", 0);
    subset.checkRefs();
    return canonical.toString();
  }

  private ObjectNode schema(JsonNode node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw at(path, "schemas nest deeper than " + MAX_DEPTH + " levels");
    }
    if (node.isBoolean()) {
      if (!node.booleanValue()) {
        throw at(path, "the schema false allows no value");
      }
      schemaPaths.add(path);
      return anyValue();
    }
    if (!node.isObject()) {
      throw at(path, "a schema must be an object or a boolean, not " + node.getNodeType());
    }
    schemaPaths.add(path);
    ObjectNode out = NODES.objectNode();
    Set<String> keywords = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (name.equals("format")
          && !JsonSchemaKeywords.knownFormat(text(field.getValue(), path, name))) {
        continue;
      }
      if (JsonSchemaKeywords.annotation(name)) {
        continue;
      }
      if (name.equals("uniqueItems")) {
        if (!field.getValue().isBoolean() || field.getValue().booleanValue()) {
          throw at(path, "only \"uniqueItems\": false is supported");
        }
        continue;
      }
      if (!JsonSchemaKeywords.supported(name)) {
        throw at(path, "the keyword \"" + name + "\" is not supported");
      }
      keywords.add(name);
    }
    for (String defs : List.of("$defs", "definitions")) {
      if (keywords.remove(defs)) {
        out.set(defs, schemaMap(node.get(defs), path + "/" + defs, depth));
      }
    }
    if (keywords.isEmpty()) {
      return out.setAll(anyValue());
    }
    if (keywords.contains("$ref")) {
      alone(keywords, "$ref", path);
      String ref = text(node.get("$ref"), path, "$ref");
      if (!ref.startsWith("#/") || ref.contains("~")) {
        throw at(path, "\"$ref\" must point into this document (\"#/...\", no escapes): " + ref);
      }
      refs.add(new String[] {path, ref});
      return out.put("$ref", ref);
    }
    for (String union : List.of("anyOf", "oneOf", "allOf")) {
      if (keywords.contains(union)) {
        alone(keywords, union, path);
        return out.set(union.equals("allOf") ? "anyOf" : union, union(node, union, path, depth));
      }
    }
    if (keywords.contains("const") || keywords.contains("enum")) {
      return JsonSchemaValueKeywords.constant(node, keywords, path, out);
    }
    List<String> types = JsonSchemaKeywords.types(node, keywords, path);
    for (String keyword : keywords) {
      String type = JsonSchemaKeywords.typeOf(keyword);
      if (type != null && !types.contains(type)) {
        throw at(path, "\"" + keyword + "\" applies to " + type + " schemas only");
      }
    }
    out.set("type", node.has("type") ? node.get("type") : NODES.textNode(types.getFirst()));
    if (types.contains("object")) {
      object(node, path, depth, out);
    }
    if (types.contains("array")) {
      array(node, keywords, path, depth, out);
    }
    if (types.contains("string")) {
      JsonSchemaValueKeywords.string(node, keywords, path, out);
    }
    if (types.contains("integer")) {
      JsonSchemaValueKeywords.integer(node, keywords, path, out);
    }
    return out;
  }

  private ObjectNode schemaMap(JsonNode map, String path, int depth) {
    if (!map.isObject()) {
      throw at(path, "must be an object of schemas");
    }
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<String, JsonNode> entry : map.properties()) {
      if (entry.getKey().isEmpty()) {
        throw at(path, "names must not be empty");
      }
      out.set(
          entry.getKey(), schema(entry.getValue(), path + "/" + escape(entry.getKey()), depth + 1));
    }
    return out;
  }

  private ArrayNode schemaList(JsonNode list, String path, int depth) {
    if (!list.isArray() || list.isEmpty()) {
      throw at(path, "must be a non-empty array of schemas");
    }
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < list.size(); i++) {
      out.add(schema(list.get(i), path + "/" + i, depth + 1));
    }
    return out;
  }

  private ArrayNode union(JsonNode node, String keyword, String path, int depth) {
    JsonNode alternatives = node.get(keyword);
    if (keyword.equals("allOf") && (!alternatives.isArray() || alternatives.size() != 1)) {
      throw at(path, "\"allOf\" is supported with exactly one schema");
    }
    String outPath = path + "/" + (keyword.equals("allOf") ? "anyOf" : keyword);
    if (!alternatives.isArray() || alternatives.isEmpty()) {
      throw at(outPath, "must be a non-empty array of schemas");
    }
    return schemaList(alternatives, outPath, depth);
  }

  private void object(JsonNode node, String path, int depth, ObjectNode out) {
    Set<String> names = new HashSet<>();
    if (node.has("properties")) {
      JsonNode properties = node.get("properties");
      if (!properties.isObject()) {
        throw at(path, "\"properties\" must be an object of schemas");
      }
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        if (property.getKey().isEmpty()) {
          throw at(path + "/properties", "property names must not be empty");
        }
        names.add(property.getKey());
      }
      out.set("properties", schemaMap(properties, path + "/properties", depth));
    }
    if (node.has("required")) {
      JsonNode required = node.get("required");
      Set<String> seen = new HashSet<>();
      if (!required.isArray()) {
        throw at(path, "\"required\" must be an array of property names");
      }
      for (JsonNode name : required) {
        if (!name.isTextual() || !names.contains(name.textValue())) {
          throw at(path, "\"required\" names " + name + ", which is not in \"properties\"");
        }
        if (!seen.add(name.textValue())) {
          throw at(path, "\"required\" names " + name + " twice");
        }
      }
      out.set("required", required);
    }
    if (node.has("additionalProperties")) {
      JsonNode additional = node.get("additionalProperties");
      out.set(
          "additionalProperties",
          additional.isBoolean()
              ? additional
              : schema(additional, path + "/additionalProperties", depth + 1));
    }
  }

  private void array(JsonNode node, Set<String> keywords, String path, int depth, ObjectNode out) {
    JsonNode items = node.get("items");
    if (items != null && keywords.contains("prefixItems")) {
      throw at(path, "use either \"items\" or \"prefixItems\"");
    }
    boolean counted = keywords.contains("minItems") || keywords.contains("maxItems");
    if (items != null && !items.isArray()) {
      out.set("items", schema(items, path + "/items", depth + 1));
      JsonSchemaValueKeywords.counts(node, "minItems", "maxItems", path, out);
      return;
    }
    if (counted) {
      throw at(path, "\"minItems\" and \"maxItems\" need \"items\" to be one schema");
    }
    if (items != null) {
      out.set("items", schemaList(items, path + "/items", depth));
    } else if (node.has("prefixItems")) {
      out.set("prefixItems", schemaList(node.get("prefixItems"), path + "/prefixItems", depth));
    }
  }

  private void checkRefs() {
    for (String[] ref : refs) {
      if (!schemaPaths.contains(ref[1].substring(1))) {
        throw at(ref[0], "\"$ref\" " + ref[1] + " does not point to a schema of this document");
      }
    }
  }

  /** A JSON-pointer segment; a "$ref" cannot match an escaped one (llama.cpp does not unescape). */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static void alone(Set<String> keywords, String keyword, String path) {
    if (keywords.size() > 1) {
      throw at(path, "\"" + keyword + "\" cannot be combined with " + without(keywords, keyword));
    }
  }

  private static Set<String> without(Set<String> keywords, String keyword) {
    Set<String> others = new LinkedHashSet<>(keywords);
    others.remove(keyword);
    return others;
  }

  private static String text(JsonNode value, String path, String keyword) {
    if (!value.isTextual()) {
      throw at(path, "\"" + keyword + "\" must be a string");
    }
    return value.textValue();
  }
}
