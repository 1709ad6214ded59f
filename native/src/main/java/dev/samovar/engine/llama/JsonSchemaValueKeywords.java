package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.JsonSchemaErrors.at;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The keywords of {@link JsonSchemaSubset} that constrain a value without subschemas: {@code const}
 * and {@code enum}, a string's {@code format} and lengths, an array's item counts and an integer's
 * bounds. Each checks its keywords and copies them to the canonical schema.
 */
final class JsonSchemaValueKeywords {
  /** The largest length or item count a schema may ask for (the grammar repeats that often). */
  static final int MAX_REPEAT = 1000;

  /** The largest integer bound, in magnitude (exact as a double, far from overflow). */
  static final long MAX_BOUND = 1L << 53;

  private JsonSchemaValueKeywords() {}

  /** A {@code const} or {@code enum} schema, with at most a {@code type} beside it. */
  static ObjectNode constant(JsonNode node, Set<String> keywords, String path, ObjectNode out) {
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

  /** A string's {@code format}, or its {@code minLength} and {@code maxLength}. */
  static void string(JsonNode node, Set<String> keywords, String path, ObjectNode out) {
    boolean lengths = keywords.contains("minLength") || keywords.contains("maxLength");
    if (keywords.contains("format")) {
      if (lengths) {
        throw at(path, "\"format\" cannot be combined with \"minLength\" or \"maxLength\"");
      }
      out.set("format", node.get("format"));
    }
    counts(node, "minLength", "maxLength", path, out);
  }

  /** A pair of counts in [0, {@link #MAX_REPEAT}], the lower one first: lengths or item counts. */
  static void counts(JsonNode node, String min, String max, String path, ObjectNode out) {
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

  /** An integer's bounds, inclusive or exclusive, that leave some integer in between. */
  static void integer(JsonNode node, Set<String> keywords, String path, ObjectNode out) {
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

  private static long count(JsonNode value, String path, String keyword) {
    if (!value.canConvertToExactIntegral()
        || value.asLong() < 0
        || value.asLong() > MAX_REPEAT
        || !value.canConvertToLong()) {
      throw at(path, "\"" + keyword + "\" must be an integer in [0, " + MAX_REPEAT + "]");
    }
    return value.asLong();
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
}
