package dev.samovar.bench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.bench.load.LoadPlan;
import dev.samovar.bench.load.MtBenchPrompts;
import dev.samovar.bench.load.Slo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The workload of {@code bench load}: the concurrency levels, how many requests and when, which
 * prompts, how long the answers are, and the objectives goodput counts against; together they make
 * the {@link LoadPlan}.
 */
public final class WorkloadOptions {
  /** Context tokens added for the engine beyond the prompt and the answer. */
  private static final int CONTEXT_ROOM = 64;

  @Option(
      names = "--concurrency",
      split = ",",
      defaultValue = "1",
      paramLabel = "C",
      description = "Levels: the most requests in flight, such as 1,2,4,8 (default: 1).")
  private List<Integer> concurrency;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description =
          "Poisson arrivals at R requests/s (seeded), capped by the level (default: a new request"
              + " as soon as one ends).")
  private Double rate;

  @Option(
      names = "--requests",
      defaultValue = "32",
      paramLabel = "N",
      description = "Measured requests per level (default: ${DEFAULT-VALUE}).")
  private int requests;

  @Option(
      names = "--dataset",
      defaultValue = "synthetic",
      paramLabel = "synthetic|mt-bench",
      description =
          "Prompts: synthetic (--input-tokens long, calibrated on the endpoint's"
              + " usage.prompt_tokens) or mt-bench (first turns of --bench or --questions, cycled)"
              + " (default: ${DEFAULT-VALUE}).")
  private String dataset;

  @Mixin private QuestionSourceOptions questions;

  @Option(
      names = "--input-tokens",
      defaultValue = "256",
      paramLabel = "I",
      description = "Prompt tokens of synthetic prompts (default: ${DEFAULT-VALUE}).")
  private int inputTokens;

  @Option(
      names = "--output-tokens",
      defaultValue = "128",
      paramLabel = "O",
      description = "max_tokens of every request (default: ${DEFAULT-VALUE}).")
  private int outputTokens;

  @Option(
      names = "--no-ignore-eos",
      description =
          "Do not send ignore_eos (for endpoints that reject it); the output is then as long as"
              + " the model makes it.")
  private boolean noIgnoreEos;

  @Option(
      names = "--temperature",
      defaultValue = "0",
      paramLabel = "T",
      description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  private double temperature;

  @Option(
      names = "--warmup",
      defaultValue = "1",
      paramLabel = "K",
      description = "Unmeasured requests before each level (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      paramLabel = "R",
      description =
          "Times each level is measured per target, pooled; with --compare-endpoint the order"
              + " alternates A,B then B,A (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "S",
      description =
          "Seed of the arrival times and the synthetic words (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--request-timeout",
      defaultValue = "600",
      paramLabel = "SECONDS",
      description =
          "A request not finished after this long counts as a timeout error (default:"
              + " ${DEFAULT-VALUE}).")
  private double requestTimeout;

  @Option(
      names = "--slo",
      paramLabel = "ttft_ms=MS,tpot_ms=MS,e2e_ms=MS",
      description = "Objectives for goodput (requests/s meeting all of them); any subset.")
  private String slo;

  /** The plan these options give; fails with a usage error for a value out of range. */
  LoadPlan plan(CommandLine commandLine) {
    if (!(requestTimeout > 0 && requestTimeout <= 86_400)) {
      throw new ParameterException(
          commandLine, "--request-timeout must be in (0, 86400] seconds: " + requestTimeout);
    }
    if (inputTokens < 1) {
      throw new ParameterException(commandLine, "--input-tokens must be >= 1: " + inputTokens);
    }
    try {
      return new LoadPlan(
          concurrency,
          requests,
          rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate),
          seed,
          warmup,
          rounds,
          outputTokens,
          !noIgnoreEos,
          temperature,
          Duration.ofMillis(Math.round(requestTimeout * 1000)),
          slo == null ? Optional.empty() : Optional.of(Slo.parse(slo)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, e.getMessage());
    }
  }

  /** Whether the dataset is mt-bench; checks the question options go with it. */
  boolean mtBench(CommandLine commandLine) {
    switch (dataset) {
      case "mt-bench" -> {
        questions.requireOne(commandLine);
        return true;
      }
      case "synthetic" -> {
        if (questions.bench().isPresent() || questions.questions().isPresent()) {
          throw new ParameterException(
              commandLine, "--bench and --questions go with --dataset mt-bench");
        }
        return false;
      }
      default ->
          throw new ParameterException(
              commandLine, "--dataset must be synthetic or mt-bench: '" + dataset + "'");
    }
  }

  /** The first turns of the mt-bench questions, downloading them if needed (progress to err). */
  MtBenchPrompts mtBenchPrompts(Map<String, String> env, PrintWriter err)
      throws InterruptedException {
    return new MtBenchPrompts(questions.inputs(env, err).questions(questions.questions()));
  }

  /** The prompt tokens synthetic prompts are calibrated to. */
  int inputTokens() {
    return inputTokens;
  }

  /**
   * The context the in-process engine needs for {@code --ctx-size 0}: the synthetic prompt with 5%
   * to spare, the answer and some room; 0 (the model's own context) for mt-bench.
   */
  int engineContext(boolean mtBench) {
    return mtBench ? 0 : inputTokens + inputTokens / 20 + outputTokens + CONTEXT_ROOM;
  }

  /** Adds the workload to the report's configuration: levels, requests, prompts and objectives. */
  void describe(ObjectNode config, LoadPlan plan) {
    var levels = config.putArray("concurrency");
    plan.concurrency().forEach(levels::add);
    config.put("requests_per_level", plan.requests());
    if (plan.rate().isPresent()) {
      config.put("rate_per_s", plan.rate().getAsDouble());
    } else {
      config.putNull("rate_per_s");
    }
    config.put("dataset", dataset);
    if ("synthetic".equals(dataset)) {
      config.put("input_tokens", inputTokens);
    }
    config.put("output_tokens", plan.outputTokens());
    config.put("ignore_eos", plan.ignoreEos());
    config.put("temperature", plan.temperature());
    config.put("warmup", plan.warmup());
    config.put("rounds", plan.rounds());
    config.put("seed", plan.seed());
    config.put("request_timeout_s", plan.timeout().toMillis() / 1000.0);
    config.put("slo", plan.slo().map(Slo::toString).orElse(null));
  }
}
