package dev.samovar.training.cli;

import dev.samovar.cli.EngineOptions;
import dev.samovar.engine.EngineConfig;
import dev.samovar.training.TrainingException;
import dev.samovar.training.smoke.SmokeRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samovar train smoke}: load a GGUF file and generate greedily for a few prompts. */
@Command(
    name = "smoke",
    description =
        "Load a GGUF file through the inference engine, generate greedily for a few prompts and"
            + " print tokens/s and the replies; fails when the model does not load.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class SmokeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--gguf", required = true, paramLabel = "FILE.gguf", description = "The model.")
  private Path gguf;

  @Option(
      names = "--prompts",
      paramLabel = "FILE",
      description = "UTF-8 prompts, one per line (default: three built-in prompts).")
  private Path prompts;

  @Option(
      names = "--max-tokens",
      defaultValue = "64",
      paramLabel = "N",
      description = "Most tokens per reply (default: ${DEFAULT-VALUE}).")
  private int maxTokens;

  @Mixin private EngineOptions engine;

  private final Map<String, String> env;

  /** A smoke command that finds the CUDA library folder through {@code env}. */
  public SmokeCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (maxTokens < 1) {
      throw new TrainingException("--max-tokens must be >= 1: " + maxTokens);
    }
    List<String> lines = prompts == null ? SmokeRun.DEFAULT_PROMPTS : read(prompts);
    EngineConfig config = new EngineConfig(gguf, "smoke", engine.settings(env));
    SmokeRun.run(engine.load(config), gguf, lines, maxTokens, spec.commandLine().getOut());
    return 0;
  }

  private static List<String> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new TrainingException("prompts file not found: " + file);
    }
    List<String> lines =
        Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .filter(line -> !line.isBlank())
            .toList();
    if (lines.isEmpty()) {
      throw new TrainingException(file + " has no prompts");
    }
    return lines;
  }
}
