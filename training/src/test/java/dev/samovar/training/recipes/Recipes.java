package dev.samovar.training.recipes;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed recipes (training/recipes, the module folder being the tests' working folder). */
final class Recipes {
  static final Path ROOT = Path.of("recipes").toAbsolutePath();
  static final Path LLAMA3 = ROOT.resolve("llama3-8b-ru-lora");
  static final Path SMOKE = ROOT.resolve("smoke");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private Recipes() {}

  /** {@code file} parsed as YAML. */
  static JsonNode yaml(Path file) throws IOException {
    return YAML.readTree(existing(file).toFile());
  }

  /** {@code file} parsed as JSON. */
  static JsonNode json(Path file) throws IOException {
    return JSON.readTree(existing(file).toFile());
  }

  /** {@code file}, or a failure naming it when the tests do not run in the training module. */
  static Path existing(Path file) {
    if (!Files.isRegularFile(file)) {
      fail(file + " not found: the recipe tests run in the training module folder");
    }
    return file;
  }
}
