package dev.samovar.bench.cli;

import dev.samovar.bench.load.EngineDirectTarget;
import dev.samovar.cli.EngineOptions;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineSettings;
import dev.samovar.engine.InvalidSettingException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code bench load --engine-direct}: the model file and how the in-process engine
 * runs it, with the engine options of {@code samovar serve} ({@link EngineOptions}). Here {@code
 * --ctx-size 0} means what the workload needs and {@code --parallel 0} the highest concurrency.
 */
public final class EngineDirectOptions {
  @Option(
      names = "--engine-direct",
      paramLabel = "MODEL.gguf",
      description =
          "Run the workload through the in-process engine on this model file, without HTTP (the"
              + " limit for the server's overhead); instead of --endpoint. The engine options"
              + " below apply to it: --ctx-size 0 means input + output tokens with room to spare"
              + " for synthetic prompts, the model's own context for mt-bench; --parallel 0 the"
              + " highest --concurrency.")
  private Path model;

  @Mixin private EngineOptions engine;

  /** The model file, when the engine-direct mode is asked for. */
  Optional<Path> model() {
    return Optional.ofNullable(model);
  }

  /** Fails when an engine option is given without {@code --engine-direct}. */
  void requireModelForOptions(CommandLine commandLine) {
    List<String> given =
        EngineOptions.NAMES.stream()
            .filter(commandLine.getParseResult()::hasMatchedOption)
            .toList();
    if (model == null && !given.isEmpty()) {
      throw new ParameterException(
          commandLine,
          String.join(", ", given)
              + (given.size() == 1 ? " needs" : " need")
              + " --engine-direct MODEL.gguf");
    }
  }

  /**
   * Loads the model, telling {@code err} first.
   *
   * @param defaultContext the context size for {@code --ctx-size 0}
   * @param maxConcurrency the highest level, the default and minimum for {@code --parallel}
   * @param timeout how long one request may take
   */
  EngineDirectTarget load(
      Map<String, String> env,
      PrintWriter err,
      int defaultContext,
      int maxConcurrency,
      Duration timeout) {
    InvalidSettingException.require(
        Files.isRegularFile(model), "engine-direct", ": no such file: " + model);
    EngineSettings settings = engine.settings(env, defaultContext, maxConcurrency);
    InvalidSettingException.require(
        settings.parallel() >= maxConcurrency,
        "parallel",
        settings.parallel()
            + " is below the highest --concurrency "
            + maxConcurrency
            + ": requests would queue inside the engine");
    String id = model.getFileName().toString().replaceFirst("(?i)\\.gguf$", "");
    err.println("loading " + model + " in-process");
    err.flush();
    return new EngineDirectTarget(
        engine.load(new EngineConfig(model, id, settings)), model, timeout);
  }
}
