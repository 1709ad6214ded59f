package dev.samovar.training.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smoke recipe: train.py compiles and trains what the big recipe trains; run.sh's stages. */
class SmokeRecipeTest {
  private static final Path TRAIN_PY = Recipes.SMOKE.resolve("train.py");
  private static final String RUN = Recipes.SMOKE.resolve("run.sh").toString();

  @TempDir Path dir;
  private Bash bash;

  @BeforeEach
  void fakes() throws IOException {
    bash = new Bash(dir);
  }

  @Test
  void trainPyCompiles() throws Exception {
    ProcessBuilder python =
        new ProcessBuilder(
                "python3",
                "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2],"
                    + " doraise=True)",
                Recipes.existing(TRAIN_PY).toString(),
                dir.resolve("train.pyc").toString())
            .redirectErrorStream(true);
    Process process;
    try {
      process = python.start();
    } catch (IOException e) {
      throw new AssertionError("python3 is needed to compile recipes/smoke/train.py", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(dir.resolve("train.pyc")).isNotEmptyFile();
  }

  @Test
  void trainPyUsesTheRecipesLoraTargetsAndRoles() throws IOException {
    String source = Files.readString(TRAIN_PY, StandardCharsets.UTF_8);
    JsonNode axolotl = Recipes.yaml(Recipes.LLAMA3.resolve("axolotl.yaml"));
    List<String> targets = new ArrayList<>();
    axolotl.path("lora_target_modules").forEach(t -> targets.add(t.asText()));
    assertThat(pythonStrings(source, "TARGETS = \\[(.*)\\]")).containsExactlyElementsOf(targets);

    Map<String, String> roles = new LinkedHashMap<>();
    axolotl
        .path("datasets")
        .get(0)
        .path("roles")
        .properties()
        .forEach(e -> e.getValue().forEach(s -> roles.put(s.asText(), e.getKey())));
    List<String> pairs = pythonStrings(source, "ROLES = \\{(.*)\\}");
    Map<String, String> fromPython = new LinkedHashMap<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      fromPython.put(pairs.get(i), pairs.get(i + 1));
    }
    assertThat(fromPython).isEqualTo(roles);
  }

  private static List<String> pythonStrings(String source, String line) {
    Matcher m = Pattern.compile("(?m)^" + line + "$").matcher(source);
    assertThat(m.find()).as(line).isTrue();
    List<String> strings = new ArrayList<>();
    Matcher s = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
    while (s.find()) {
      strings.add(s.group(1));
    }
    return strings;
  }

  @Test
  void theDataHasTheGenerateFormat() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(Recipes.existing(Recipes.SMOKE.resolve("data.jsonl")));
    assertThat(lines).hasSize(8);
    for (String line : lines) {
      JsonNode record = json.readTree(line);
      assertThat(record.path("id").asText()).startsWith("smoke-");
      assertThat(record.path("language").asText()).isIn("Russian", "English");
      JsonNode turns = record.path("conversations");
      assertThat(turns).hasSize(2);
      assertThat(turns.get(0).path("from").asText()).isEqualTo("human");
      assertThat(turns.get(1).path("from").asText()).isEqualTo("gpt");
      assertThat(turns.get(1).path("value").asText()).isNotBlank();
    }
  }

  @Test
  void runShRunsTheStagesInOrderAndResumes() throws Exception {
    bash.assertSyntax(Recipes.SMOKE.resolve("run.sh"));
    String recipe = Recipes.SMOKE.toString();
    bash.env("FAKE_MISSING", "peft");
    Bash.Result missing = bash.run(RUN, "--run-dir", "run");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.outLines())
        .contains(
            "train: python3 cannot import peft (PyTorch, transformers 5, peft and accelerate are"
                + " needed)");
    assertThat(bash.takeCalls()).containsExactly("samovar train tiny-base --out base");

    bash.env("FAKE_MISSING", null);
    Bash.Result result = bash.run(RUN, "--run-dir", "run", "--", "--steps", "60");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines())
        .contains(
            "smoke: base: done before, skipped (logs/base.log)",
            "smoke: all stages done (base train merge export smoke)");
    List<String> calls = new ArrayList<>();
    calls.add(
        "accelerate launch --multi_gpu --num_processes 2 --num_machines 1 --mixed_precision no"
            + " --dynamo_backend no "
            + recipe
            + "/train.py --base base --data "
            + recipe
            + "/data.jsonl --out adapter --steps 60");
    calls.add("samovar train merge --base base --adapter adapter --out merged");
    for (String type : List.of("f16", "q8_0", "q4_k_m")) {
      calls.add(
          "samovar train export-gguf --hf merged --out gguf/tiny-lora-"
              + type
              + ".gguf --type "
              + type);
    }
    for (String type : List.of("f16", "q8_0", "q4_k_m")) {
      calls.add(
          "samovar train smoke --gguf gguf/tiny-lora-"
              + type
              + ".gguf --prompts "
              + recipe
              + "/prompts.txt --max-tokens 16");
    }
    assertThat(bash.takeCalls()).containsExactlyElementsOf(calls);

    assertThat(bash.run(RUN, "--run-dir", "run").exitCode()).isZero();
    assertThat(bash.takeCalls()).isEmpty();
  }
}
