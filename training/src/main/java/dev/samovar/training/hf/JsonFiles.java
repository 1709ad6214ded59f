package dev.samovar.training.hf;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON files of a model directory with precise errors. */
public final class JsonFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFiles() {}

  /** The JSON object in {@code file}. */
  public static JsonNode read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new TrainingException("file not found: " + file);
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new TrainingException(file + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new TrainingException(file + " does not hold a JSON object");
    }
    return root;
  }

  /** The shared mapper (thread-safe once configured). */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /** An integer field, or {@code fallback} when absent or null. */
  public static long integer(Path file, JsonNode node, String field, long fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new TrainingException(file + ": " + field + " is " + value + ", not an integer");
    }
    return value.asLong();
  }

  /** A required positive integer field that fits an int. */
  public static int positive(Path file, JsonNode node, String field) {
    long value = integer(file, node, field, -1);
    if (value == -1 && !node.has(field)) {
      throw new TrainingException(file + " has no " + field);
    }
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new TrainingException(file + ": " + field + " is " + value + ", not a positive size");
    }
    return (int) value;
  }

  /** A number field, or {@code fallback} when absent or null. */
  public static double number(Path file, JsonNode node, String field, double fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new TrainingException(file + ": " + field + " is " + value + ", not a number");
    }
    return value.asDouble();
  }

  /** A boolean field, or {@code fallback} when absent or null. */
  public static boolean bool(Path file, JsonNode node, String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new TrainingException(file + ": " + field + " is " + value + ", not true or false");
    }
    return value.asBoolean();
  }

  /** A string field, or {@code fallback} when absent or null. */
  public static String text(Path file, JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new TrainingException(file + ": " + field + " is " + value + ", not a string");
    }
    return value.asText();
  }
}
