package dev.samovar.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.server.error.InvalidRequestException;

/**
 * Typed reads of request fields. Absent fields and JSON null read as "not set"; a value of the
 * wrong type or out of range fails with an {@link InvalidRequestException} naming the field.
 */
final class Fields {

  private Fields() {}

  /** The field's value, or null when it is absent or JSON null. */
  static JsonNode field(JsonNode parent, String name) {
    JsonNode value = parent.get(name);
    return value == null || value.isNull() ? null : value;
  }

  static String string(JsonNode parent, String name, String param) {
    JsonNode value = field(parent, name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(param, "a string");
    }
    return value.textValue();
  }

  static boolean bool(JsonNode parent, String name, String param) {
    JsonNode value = field(parent, name);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw wrongType(param, "a boolean");
    }
    return value.booleanValue();
  }

  static Double number(JsonNode parent, String name) {
    JsonNode value = field(parent, name);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw wrongType(name, "a number");
    }
    return value.doubleValue();
  }

  /** A number in {@code [min, max]}, or null. */
  static Double number(JsonNode parent, String name, double min, double max) {
    Double value = number(parent, name);
    if (value != null && !(value >= min && value <= max)) {
      throw outOfRange(name, value, "[" + format(min) + ", " + format(max) + "]");
    }
    return value;
  }

  /** An integer in {@code [min, max]}, or null. */
  static Integer integer(JsonNode parent, String name, String param, int min, int max) {
    JsonNode value = field(parent, name);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber()) {
      throw wrongType(param, "an integer");
    }
    if (!value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
      String range = max == Integer.MAX_VALUE ? "at least " + min : "in [" + min + ", " + max + "]";
      throw new InvalidRequestException(
          "Invalid value for '" + param + "': " + value + "; it must be " + range + ".", param);
    }
    return value.intValue();
  }

  /**
   * Fails when a field the server does not support is set: to anything but null, false, an empty
   * string or an empty array, which all mean "not used".
   */
  static void unsupported(JsonNode parent, String name, String param, String reason) {
    JsonNode value = field(parent, name);
    boolean unused =
        value == null
            || (value.isBoolean() && !value.booleanValue())
            || (value.isTextual() && value.textValue().isEmpty())
            || (value.isArray() && value.isEmpty());
    if (!unused) {
      throw new InvalidRequestException("'" + param + "' is not supported: " + reason, param);
    }
  }

  /** The string field {@code name} of the object at {@code param}, which must be there. */
  static String required(JsonNode parent, String name, String param) {
    String value = string(parent, name, param + "." + name);
    if (value == null) {
      throw new InvalidRequestException(
          "Missing required parameter: '" + param + "." + name + "'.", param + "." + name);
    }
    return value;
  }

  /** Fails unless {@code text} (a function call's arguments) is a JSON object. */
  static void requireJsonObject(String text, String param) {
    try {
      if (Json.MAPPER.readTree(text).isObject()) {
        return;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw new InvalidRequestException(
        "Invalid '" + param + "': the arguments must be a JSON object as text.", param);
  }

  static InvalidRequestException wrongType(String param, String expected) {
    return new InvalidRequestException(
        "Invalid type for '" + param + "': expected " + expected + ".", param);
  }

  static InvalidRequestException outOfRange(String param, double value, String range) {
    return new InvalidRequestException(
        "Invalid value for '" + param + "': " + value + " is not in " + range + ".", param);
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }
}
