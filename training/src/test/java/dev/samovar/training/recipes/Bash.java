package dev.samovar.training.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the recipes' bash scripts with fake commands first on PATH: {@code nvidia-smi} lists
 * FAKE_GPUS GPUs, {@code python3 -c "import M"} fails for the modules in FAKE_MISSING, and {@code
 * hf}, {@code accelerate}, {@code samovar} record their arguments in {@code calls} and write what
 * the real ones would leave behind (failing when their first two arguments are FAKE_FAIL; {@code
 * samovar serve} runs until it is killed, {@code samovar health} succeeds once it has been called).
 */
final class Bash {
  /** The result of one run. */
  record Result(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    List<String> outLines() {
      return out.lines().toList();
    }
  }

  private static final String FAKE =
      """
      #!/usr/bin/env bash
      name="$(basename "$0")"
      if [ "$name $1" = "samovar health" ] && ! grep -qs "^samovar serve" "$FAKE_CALLS"; then
        exit 1
      fi
      echo "$name $*" >>"$FAKE_CALLS"
      if [ "$1 $2" = "${FAKE_FAIL:-}" ]; then
        echo "$name $1 $2: failed on purpose" >&2
        exit 3
      fi
      out=""
      prev=""
      for arg in "$@"; do
        [ "$prev" = --out ] || [ "$prev" = --local-dir ] && out="$arg"
        prev="$arg"
      done
      case "$name $1 $2" in
        "hf download "*) mkdir -p "$out" && echo '{}' >"$out/config.json" ;;
        "accelerate launch "*)
          dir="${out:-out/lora}"
          mkdir -p "$dir" && touch "$dir/adapter_config.json" "$dir/adapter_model.safetensors" ;;
        "samovar train merge" | "samovar train tiny-base") mkdir -p "$out" ;;
        "samovar train export-gguf") touch "$out" ;;
        "samovar serve "*) exec sleep 60 ;;
      esac
      """;

  private final Path dir;
  private final Path bin;
  private final Map<String, String> env = new HashMap<>();

  Bash(Path dir) throws IOException {
    this.dir = dir;
    this.bin = Files.createDirectories(dir.resolve("bin"));
    script(
        "nvidia-smi",
        """
        #!/usr/bin/env bash
        for i in $(seq 1 "${FAKE_GPUS:-2}"); do echo "NVIDIA A100-SXM4-80GB"; done
        """);
    script(
        "python3",
        """
        #!/usr/bin/env bash
        [ "$1" = -c ] || { echo "fake python3: only -c" >&2; exit 3; }
        for m in ${FAKE_MISSING:-}; do [ "$2" = "import $m" ] && exit 1; done
        exit 0
        """);
    for (String name : List.of("hf", "accelerate", "samovar")) {
      script(name, FAKE);
    }
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("HOME", dir.toString());
    env.put("FAKE_CALLS", calls().toString());
    env.put("SAMOVAR", bin.resolve("samovar").toString());
    env.put("HF_TOKEN", "hf_fake");
    env.put("MIN_FREE_GB", "0");
  }

  /** Writes the executable {@code bin/NAME}, replacing a fake of that name. */
  void script(String name, String text) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Sets (or, with null, removes) an environment variable of the next runs. */
  Bash env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /** Where the fakes record their calls. */
  Path calls() {
    return dir.resolve("calls");
  }

  /** The recorded calls, and forgets them. */
  List<String> takeCalls() throws IOException {
    if (!Files.exists(calls())) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(calls(), StandardCharsets.UTF_8);
    Files.delete(calls());
    return lines;
  }

  /** Runs {@code bash args...} in {@code dir} with the fakes first on PATH. */
  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectOutput(dir.resolve("stdout").toFile());
    builder.redirectError(dir.resolve("stderr").toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return fail(
          "bash is needed for the recipe tests and could not be started: " + e.getMessage());
    }
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("bash " + String.join(" ", args) + " did not finish within 5 minutes");
    }
    return new Result(
        process.exitValue(),
        Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
  }

  /** Fails unless {@code script} is valid bash ({@code bash -n}). */
  void assertSyntax(Path script) throws IOException, InterruptedException {
    Result result = run("-n", Recipes.existing(script).toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
  }
}
