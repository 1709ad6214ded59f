package dev.samovar.training.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.training.TinyAdapter;
import dev.samovar.training.TinyCheckpoint;
import dev.samovar.training.tiny.TinyLlama;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recipes/smoke/run.sh with the real samovar training commands (this module's classes) and, for the
 * training stage that needs PyTorch, a stand-in {@code accelerate} that checks its arguments and
 * leaves a PEFT adapter of the shape train.py saves: tiny-base, merge, export and smoke run for
 * real on it.
 */
class SmokeRecipeIT {
  @TempDir Path dir;

  @Test
  void runsThePipelineWithTheRealJavaStages() throws Exception {
    Bash bash = new Bash(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    bash.script(
        "samovar-java",
        "#!/usr/bin/env bash\nexec '"
            + java
            + "' --enable-native-access=ALL-UNNAMED -cp '"
            + System.getProperty("java.class.path")
            + "' dev.samovar.cli.Samovar \"$@\"\n");
    bash.env("SAMOVAR", dir.resolve("bin/samovar-java").toString());

    Path trained = dir.resolve("trained");
    TinyCheckpoint shapes = TinyCheckpoint.write(dir.resolve("shapes"), TinyLlama.SHAPE, 1);
    List<String> projections =
        TinyAdapter.standardModules(TinyLlama.SHAPE).stream()
            .filter(m -> !m.equals("lm_head"))
            .toList();
    TinyAdapter.write(trained, shapes, projections, Map.of(), 8, 16, 11, c -> {});
    String recipe = Recipes.SMOKE.toString();
    bash.script(
        "accelerate",
        """
        #!/usr/bin/env bash
        echo "accelerate $*" >>"$FAKE_CALLS"
        expected="launch --multi_gpu --num_processes 2 --num_machines 1 --mixed_precision no \
        --dynamo_backend no RECIPE/train.py --base base --data RECIPE/data.jsonl --out adapter"
        [ "$*" = "$expected" ] || { echo "unexpected arguments: $*" >&2; exit 3; }
        [ -f base/config.json ] || { echo "no base/config.json" >&2; exit 3; }
        cp -r TRAINED adapter
        echo "train: loss 6.2 -> 1.4; adapter in adapter"
        """
            .replace("RECIPE", recipe)
            .replace("TRAINED", trained.toString()));

    Bash.Result result = bash.run(Recipes.SMOKE.resolve("run.sh").toString(), "--run-dir", "run");
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.outLines())
        .contains(
            "tiny-base: wrote " + dir.resolve("run/base").toRealPath() + " (1443072 parameters)",
            "smoke: all stages done (base train merge export smoke)")
        .anyMatch(l -> l.startsWith("merge: 14 weights changed; wrote "));
    for (String type : List.of("f16", "q8_0", "q4_k_m")) {
      assertThat(dir.resolve("run/gguf/tiny-lora-" + type + ".gguf")).isNotEmptyFile();
    }
    String smoke = Files.readString(dir.resolve("run/logs/smoke.log"), StandardCharsets.UTF_8);
    assertThat(smoke.lines().filter(l -> l.startsWith("smoke: loaded "))).hasSize(3);
    assertThat(smoke.lines().filter(l -> l.matches("smoke: 2 prompts, \\d+ tokens, .*")))
        .hasSize(3);
    assertThat(bash.takeCalls()).hasSize(1).allMatch(c -> c.startsWith("accelerate launch "));
  }
}
