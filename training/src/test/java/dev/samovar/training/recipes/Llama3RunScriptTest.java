package dev.samovar.training.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llama3-8b-ru-lora/run.sh with fake GPUs, Python, Hugging Face, accelerate and samovar. */
class Llama3RunScriptTest {
  private static final String RUN = Recipes.LLAMA3.resolve("run.sh").toString();
  private static final String PROMPTS = Recipes.LLAMA3.resolve("smoke-prompts.txt").toString();

  @TempDir Path dir;
  private Bash bash;

  @BeforeEach
  void fakes() throws IOException {
    bash = new Bash(dir);
    Files.writeString(
        dir.resolve("train.jsonl"),
        "{\"id\": \"1\", \"conversations\": [], \"language\": \"Russian\"}\n".repeat(3),
        StandardCharsets.UTF_8);
  }

  private Bash.Result run(String... args) throws IOException, InterruptedException {
    String[] all = new String[args.length + 5];
    all[0] = RUN;
    all[1] = "--run-dir";
    all[2] = "run";
    all[3] = "--data";
    all[4] = "train.jsonl";
    System.arraycopy(args, 0, all, 5, args.length);
    return bash.run(all);
  }

  @Test
  void isValidBash() throws Exception {
    bash.assertSyntax(Recipes.LLAMA3.resolve("run.sh"));
    bash.assertSyntax(Recipes.ROOT.resolve("lib/stages.sh"));
  }

  @Test
  void preflightNamesEveryMissingPieceOnItsOwnLineAndStartsNothing() throws Exception {
    bash.env("FAKE_GPUS", "1")
        .env("FAKE_MISSING", "axolotl accelerate")
        .env("HF_TOKEN", null)
        .env("MIN_FREE_GB", "100000000")
        .env("SAMOVAR", dir.resolve("none/samovar").toString());
    Files.delete(dir.resolve("train.jsonl"));
    Bash.Result result = bash.run(RUN, "--run-dir", "run");
    assertThat(result.exitCode()).isEqualTo(1);
    Path run = dir.resolve("run").toRealPath();
    String requirements = Recipes.LLAMA3.resolve("requirements.txt").toString();
    assertThat(result.errLines())
        .containsExactly("llama3-8b-ru-lora: preflight: failed (exit 1); see logs/preflight.log");
    List<String> out = result.outLines();
    int started = 0;
    while (!out.get(started).startsWith("llama3-8b-ru-lora: preflight: started ")) {
      started++;
    }
    List<String> errors = out.subList(started + 1, out.size());
    assertThat(errors.subList(0, 6))
        .containsExactly(
            "preflight: 1 GPU(s) found by nvidia-smi; the recipe needs 2 (one process each)",
            "preflight: python3 cannot import axolotl: pip install -r " + requirements,
            "preflight: python3 cannot import accelerate: pip install -r " + requirements,
            "preflight: no Hugging Face token for the gated meta-llama/Meta-Llama-3-8B-Instruct:"
                + " set HF_TOKEN or run 'hf auth login'",
            errors.get(4),
            "preflight: samovar launcher not found at "
                + dir.resolve("none/samovar")
                + " (set SAMOVAR)");
    assertThat(errors.get(4))
        .matches(
            "preflight: \\d+ GB free in "
                + java.util.regex.Pattern.quote(run.toString())
                + "; the run needs about 100000000 GB \\(MIN_FREE_GB\\)");
    assertThat(errors.subList(6, errors.size()))
        .containsExactly(
            "preflight: no training set at "
                + run
                + "/data/tagengo-ru-gpt4o.jsonl: make it with 'samovar train dataset generate'"
                + " and pass --data FILE",
            "preflight: 7 problem(s); nothing was started");
    assertThat(bash.takeCalls()).isEmpty();
    assertThat(dir.resolve("run/.done/preflight")).doesNotExist();
    assertThat(Files.readString(dir.resolve("run/logs/preflight.log")))
        .contains("preflight: 1 GPU(s) found by nvidia-smi");
  }

  @Test
  void preflightPassesWithTwoGpusAndEverythingPresent() throws Exception {
    Bash.Result result = run("--to", "preflight");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.outLines())
        .contains(
            "preflight: 2 GPUs: 2 NVIDIA A100-SXM4-80GB",
            "preflight: ok (3 conversations in data/tagengo-ru-gpt4o.jsonl)",
            "llama3-8b-ru-lora: stopped after preflight (--to)");
    assertThat(dir.resolve("run/.done/preflight")).isRegularFile();
    assertThat(bash.takeCalls()).isEmpty();
    for (String config : List.of("axolotl.yaml", "accelerate.yaml", "deepspeed-zero2.json")) {
      assertThat(dir.resolve("run").resolve(config))
          .hasSameTextualContentAs(Recipes.LLAMA3.resolve(config));
    }
    assertThat(dir.resolve("run/data/tagengo-ru-gpt4o.jsonl"))
        .hasSameTextualContentAs(dir.resolve("train.jsonl"));
  }

  @Test
  void runsEveryStageOnceAndResumesAfterAFailure() throws Exception {
    List<String> stagesBeforeMerge =
        List.of(
            "hf download meta-llama/Meta-Llama-3-8B-Instruct --local-dir base --exclude original/*",
            "accelerate launch --config_file accelerate.yaml -m axolotl.cli.train axolotl.yaml"
                + " --base_model=base");
    String merge = "samovar train merge --base base --adapter out/lora --out merged --dtype bf16";
    bash.env("FAKE_FAIL", "train merge");
    Bash.Result failed = run();
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.outLines()).contains("samovar train merge: failed on purpose");
    assertThat(failed.errLines())
        .containsExactly("llama3-8b-ru-lora: merge: failed (exit 3); see logs/merge.log");
    assertThat(bash.takeCalls()).containsExactlyElementsOf(concat(stagesBeforeMerge, merge));
    assertThat(dir.resolve("run/.done/train")).isRegularFile();
    assertThat(dir.resolve("run/.done/merge")).doesNotExist();
    assertThat(Files.readString(dir.resolve("run/logs/merge.log")))
        .contains("samovar train merge: failed on purpose");

    bash.env("FAKE_FAIL", null);
    Bash.Result resumed = run();
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.outLines())
        .contains(
            "llama3-8b-ru-lora: preflight: done before, skipped (logs/preflight.log)",
            "llama3-8b-ru-lora: base: done before, skipped (logs/base.log)",
            "llama3-8b-ru-lora: train: done before, skipped (logs/train.log)",
            "llama3-8b-ru-lora: all stages done (preflight base train merge export smoke)");
    List<String> afterTrain =
        List.of(
            merge,
            "samovar train export-gguf --hf merged --out gguf/llama3-8b-ru-lora-f16.gguf --type f16",
            "samovar train export-gguf --hf merged --out gguf/llama3-8b-ru-lora-q8_0.gguf --type"
                + " q8_0",
            "samovar train export-gguf --hf merged --out gguf/llama3-8b-ru-lora-q4_k_m.gguf --type"
                + " q4_k_m",
            "samovar train smoke --gguf gguf/llama3-8b-ru-lora-f16.gguf --prompts " + PROMPTS,
            "samovar train smoke --gguf gguf/llama3-8b-ru-lora-q8_0.gguf --prompts " + PROMPTS,
            "samovar train smoke --gguf gguf/llama3-8b-ru-lora-q4_k_m.gguf --prompts " + PROMPTS);
    assertThat(bash.takeCalls()).containsExactlyElementsOf(afterTrain);
    for (String stage : List.of("preflight", "base", "train", "merge", "export", "smoke")) {
      assertThat(dir.resolve("run/.done").resolve(stage)).isRegularFile();
      assertThat(dir.resolve("run/logs").resolve(stage + ".log")).isRegularFile();
    }

    Bash.Result again = run();
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(bash.takeCalls()).isEmpty();

    Bash.Result fromExport = run("--from", "export", "--to", "export");
    assertThat(fromExport.exitCode()).as(fromExport.err()).isZero();
    assertThat(bash.takeCalls()).containsExactlyElementsOf(afterTrain.subList(1, 4));
    assertThat(dir.resolve("run/.done/smoke")).doesNotExist();
  }

  @Test
  void anExportKilledHalfwayKeepsTheTypesItFinished() throws Exception {
    bash.env("FAKE_FAIL", "train export-gguf");
    assertThat(run("--to", "merge").exitCode()).isZero();
    bash.takeCalls();
    Files.createDirectories(dir.resolve("run/gguf"));
    Files.writeString(dir.resolve("run/.done/export.f16"), "");
    assertThat(run().exitCode()).isEqualTo(1);
    assertThat(bash.takeCalls())
        .containsExactly(
            "samovar train export-gguf --hf merged --out gguf/llama3-8b-ru-lora-q8_0.gguf --type"
                + " q8_0");
    assertThat(dir.resolve("run/.done/export.f16")).isRegularFile();
  }

  @Test
  void wrongUsageExitsWith2() throws Exception {
    Bash.Result stage = run("--from", "quantize");
    assertThat(stage.exitCode()).isEqualTo(2);
    assertThat(stage.errLines())
        .containsExactly(
            "llama3-8b-ru-lora: unknown stage 'quantize' for --from (stages: preflight base train"
                + " merge export smoke)");
    Bash.Result argument = bash.run(RUN, "--epochs", "2");
    assertThat(argument.exitCode()).isEqualTo(2);
    assertThat(argument.errLines())
        .containsExactly("llama3-8b-ru-lora: unknown argument '--epochs' (see --help)");
    assertThat(bash.takeCalls()).isEmpty();
  }

  @Test
  void benchIsAStageOnlyWhenAskedAndAnswersMtBenchWithTheServedModel() throws Exception {
    assertThat(run().exitCode()).isZero();
    bash.takeCalls();
    assertThat(run("--from", "bench").exitCode()).isEqualTo(2);
    Bash.Result bench = run("--bench");
    assertThat(bench.exitCode()).as(bench.err()).isZero();
    assertThat(bench.outLines())
        .contains(
            "llama3-8b-ru-lora: smoke: done before, skipped (logs/smoke.log)",
            "llama3-8b-ru-lora: all stages done (preflight base train merge export smoke bench)");
    assertThat(bash.takeCalls())
        .containsExactlyInAnyOrder(
            "samovar serve --model gguf/llama3-8b-ru-lora-q4_k_m.gguf --alias samovar --port 8089",
            "samovar health --url http://127.0.0.1:8089/ready",
            "samovar bench mt answer --bench ru-lightblue --endpoint http://127.0.0.1:8089/v1"
                + " --model samovar --out bench/answers.jsonl");
  }

  private static List<String> concat(List<String> first, String last) {
    return java.util.stream.Stream.concat(first.stream(), java.util.stream.Stream.of(last))
        .toList();
  }
}
