package dev.samovar.engine.llama;

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
 */
final class JsonSchemaSubset {
  /** How deep schemas may nest. */
  static final int MAX_DEPTH = 32;

  /** The largest length or item count a schema may ask for (the grammar repeats that often). */
  static final int MAX_REPEAT = 1000;

  /** The largest integer bound, in magnitude (exact as a double, far from overflow). */
  static final long MAX_BOUND = 1L << 53;

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

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
      if (name.equals("format") && !FORMATS.contains(text(field.getValue(), path, name))) {
        continue;
      }
      if (ANNOTATIONS.contains(name)) {
        continue;
      }
      if (name.equals("uniqueItems")) {
        if (!field.getValue().isBoolean() || field.getValue().booleanValue()) {
          throw at(path, "only \"uniqueItems\": false is supported");
        }
        continue;
      }
      if (!STRUCTURAL.contains(name) && !TYPED_KEYWORDS.containsKey(name)) {
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
      return constant(node, keywords, path, out);
    }
    List<String> types = types(node, keywords, path);
    for (String keyword : keywords) {
      String type = TYPED_KEYWORDS.get(keyword);
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
      string(node, keywords, path, out);
    }
    if (types.contains("integer")) {
      integer(node, keywords, path, out);
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

  private static ObjectNode constant(
      JsonNode node, Set<String> keywords, String path, ObjectNode out) {
    if (keywords.contains("const") && keywords.contains("enum")) {
      throw at(path, "use either \"const\" or \"enum\"");
    }
    String keyword = keywords.contains("const") ? "const" : "enum";
    for (String other : keywords) {
      if (!other.equals(keyword) && !other.equals("type")) {
        throw at(path, "\"" + other + "\" cannot be combined with \"" + keyword + "\"");
      }
    }
    JsonNode value = node.get(keyword);
    if (keyword.equals("enum") && (!value.isArray() || value.isEmpty())) {
      throw at(path, "\"enum\" must be a non-empty array");
    }
    checkNumbers(value, path + "/" + keyword);
    return out.set(keyword, value);
  }

  private static List<String> types(JsonNode node, Set<String> keywords, String path) {
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

  private static String typeName(JsonNode type, String path) {
    if (!type.isTextual() || !TYPES.contains(type.textValue())) {
      throw at(path, "\"type\" must be one of " + TYPES + " or a non-empty list of them");
    }
    return type.textValue();
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
      counts(node, "minItems", "maxItems", path, out);
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

  private static void string(JsonNode node, Set<String> keywords, String path, ObjectNode out) {
    boolean lengths = keywords.contains("minLength") || keywords.contains("maxLength");
    if (keywords.contains("format")) {
      if (lengths) {
        throw at(path, "\"format\" cannot be combined with \"minLength\" or \"maxLength\"");
      }
      out.set("format", node.get("format"));
    }
    counts(node, "minLength", "maxLength", path, out);
  }

  private static void counts(JsonNode node, String min, String max, String path, ObjectNode out) {
    long low = 0;
    long high = MAX_REPEAT;
    if (node.has(min)) {
      low = count(node.get(min), path, min);
      out.put(min, low);
    }
    if (node.has(max)) {
      high = count(node.get(max), path, max);
      out.put(max, high);
    }
    if (low > high) {
      throw at(path, "\"" + min + "\" " + low + " exceeds \"" + max + "\" " + high);
    }
  }

  private static long count(JsonNode value, String path, String keyword) {
    if (!value.canConvertToExactIntegral()
        || value.asLong() < 0
        || value.asLong() > MAX_REPEAT
        || !value.canConvertToLong()) {
      throw at(path, "\"" + keyword + "\" must be an integer in [0, " + MAX_REPEAT + "]");
    }
    return value.asLong();
  }

  private static void integer(JsonNode node, Set<String> keywords, String path, ObjectNode out) {
    if (keywords.contains("minimum") && keywords.contains("exclusiveMinimum")) {
      throw at(path, "use either \"minimum\" or \"exclusiveMinimum\"");
    }
    if (keywords.contains("maximum") && keywords.contains("exclusiveMaximum")) {
      throw at(path, "use either \"maximum\" or \"exclusiveMaximum\"");
    }
    long low = -MAX_BOUND - 1;
    long high = MAX_BOUND + 1;
    for (String keyword : List.of("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")) {
      if (keywords.contains(keyword)) {
        long bound = bound(node.get(keyword), path, keyword);
        out.put(keyword, bound);
        switch (keyword) {
          case "minimum" -> low = bound;
          case "exclusiveMinimum" -> low = bound + 1;
          case "maximum" -> high = bound;
          default -> high = bound - 1;
        }
      }
    }
    if (low > high) {
      throw at(path, "no integer lies within the bounds");
    }
  }

  private static long bound(JsonNode value, String path, String keyword) {
    if (!value.canConvertToExactIntegral()
        || !value.canConvertToLong()
        || value.asLong() < -MAX_BOUND
        || value.asLong() > MAX_BOUND) {
      throw at(
          path,
          "\"" + keyword + "\" must be an integer in [-" + MAX_BOUND + ", " + MAX_BOUND + "]");
    }
    return value.asLong();
  }

  private static void checkNumbers(JsonNode value, String path) {
    if (value.isNumber()
        && (value.isBigInteger() && !value.canConvertToLong()
            || !Double.isFinite(value.doubleValue()))) {
      throw at(path, "the number " + value.asText() + " is out of range");
    }
    for (JsonNode child : value) {
      checkNumbers(child, path);
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

  /** Any JSON value; llama.cpp's converter reads an empty schema as "any object". */
  private static ObjectNode anyValue() {
    ArrayNode types = NODES.arrayNode();
    TYPES.stream().filter(type -> !type.equals("integer")).forEach(types::add);
    return NODES.objectNode().set("type", types);
  }

  private static InvalidGenerationRequestException at(String path, String message) {
    return invalid(
        "unsupported JSON schema at " + (path.isEmpty() ? "the root" : path) + ": " + message);
  }

  private static InvalidGenerationRequestException invalid(String message) {
    return new InvalidGenerationRequestException("jsonSchema", message);
  }
}
