package dev.samovar.bench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.bench.BenchException;
import dev.samovar.bench.load.Calibration;
import dev.samovar.bench.load.Charts;
import dev.samovar.bench.load.EngineDirectTarget;
import dev.samovar.bench.load.HttpTarget;
import dev.samovar.bench.load.LevelStats;
import dev.samovar.bench.load.LoadPlan;
import dev.samovar.bench.load.LoadReport;
import dev.samovar.bench.load.LoadRun;
import dev.samovar.bench.load.MtBenchPrompts;
import dev.samovar.bench.load.Prompts;
import dev.samovar.bench.load.Slo;
import dev.samovar.bench.load.Target;
import dev.samovar.bench.load.TargetResult;
import dev.samovar.client.Endpoint;
import dev.samovar.client.Json;
import dev.samovar.client.jsonl.AtomicFiles;
import dev.samovar.engine.EngineException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code samovar bench load}: a serving benchmark like vLLM's {@code bench serve}: streaming
 * requests at several concurrency levels against an endpoint, the in-process engine, or two of them
 * compared; TTFT, ITL, TPOT, E2E, throughput, errors and goodput as a table, JSON, CSV and charts.
 */
@Command(
    name = "load",
    description =
        "Measure serving like vLLM's bench serve: TTFT, ITL, TPOT and E2E latency, throughput,"
            + " errors and goodput per concurrency level, over streaming HTTP or the in-process"
            + " engine.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class LoadCommand implements Callable<Integer> {
  private static final int CONTEXT_ROOM = 64;

  private final Map<String, String> env;

  @Spec private CommandSpec spec;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "OpenAI base URL including /v1, such as http://127.0.0.1:8080/v1.")
  private String endpoint;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "The model to ask for (with --engine-direct: the default --compare-model).")
  private String model;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description = "Environment variable that holds the endpoint's API key.")
  private String apiKeyEnv;

  @Mixin private EngineDirectOptions engine;

  @Option(
      names = "--compare-endpoint",
      paramLabel = "URL2",
      description =
          "A second endpoint measured in the same run, level by level in alternating order; the"
              + " report shows the ratios compare / main.")
  private String compareEndpoint;

  @Option(
      names = "--compare-model",
      paramLabel = "NAME2",
      description = "The model to ask the second endpoint for (default: --model).")
  private String compareModel;

  @Option(
      names = "--compare-api-key-env",
      paramLabel = "VAR",
      description = "Environment variable that holds the second endpoint's API key.")
  private String compareApiKeyEnv;

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

  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
  private Path json;

  @Option(names = "--csv", paramLabel = "FILE", description = "Write one CSV row per level.")
  private Path csv;

  @Option(
      names = "--charts",
      paramLabel = "DIR",
      description = "Write latency.png and throughput.png (against concurrency) into DIR.")
  private Path charts;

  /** A load command that reads API keys and defaults from {@code env}. */
  public LoadCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    CommandLine commandLine = spec.commandLine();
    LoadPlan plan = plan(commandLine);
    boolean mtBench = dataset(commandLine);
    engine.requireModelForOptions(commandLine);
    if ((endpoint == null) == engine.model().isEmpty()) {
      throw new ParameterException(
          commandLine, "pass either --endpoint URL or --engine-direct MODEL.gguf");
    }
    if (endpoint == null && apiKeyEnv != null) {
      throw new ParameterException(commandLine, "--api-key-env goes with --endpoint");
    }
    if (endpoint != null && (model == null || model.isBlank())) {
      throw new ParameterException(commandLine, "--model is required with --endpoint");
    }
    String secondModel = compareModel != null ? compareModel : model;
    if (compareEndpoint != null && (secondModel == null || secondModel.isBlank())) {
      throw new ParameterException(
          commandLine, "--compare-endpoint needs --compare-model or --model");
    }
    if (compareEndpoint == null && (compareModel != null || compareApiKeyEnv != null)) {
      throw new ParameterException(
          commandLine, "--compare-model and --compare-api-key-env need --compare-endpoint");
    }
    PrintWriter err = commandLine.getErr();
    Optional<Prompts> fixedPrompts =
        mtBench
            ? Optional.of(
                new MtBenchPrompts(questions.inputs(env, err).questions(questions.questions())))
            : Optional.empty();
    Optional<Endpoint> second =
        compareEndpoint == null
            ? Optional.empty()
            : Optional.of(
                Endpoints.of(
                    commandLine,
                    env,
                    "--compare-endpoint",
                    compareEndpoint,
                    "--compare-api-key-env",
                    compareApiKeyEnv));
    Instant started = Instant.now();
    List<Target> targets = new ArrayList<>();
    try {
      targets.add(main(commandLine, plan, mtBench));
      if (second.isPresent()) {
        targets.add(new HttpTarget(second.get(), secondModel, plan.timeout()));
      }
      ObjectNode config = config(plan, started);
      if (targets.getFirst() instanceof EngineDirectTarget direct) {
        config.put("engine", direct.describe());
      }
      Prompts prompts;
      if (fixedPrompts.isPresent()) {
        prompts = fixedPrompts.get();
      } else {
        Calibration.Result calibrated =
            new Calibration(targets.getFirst(), seed, plan.ignoreEos(), temperature, err)
                .calibrate(inputTokens);
        prompts = calibrated.prompts();
        config.put("synthetic_words", calibrated.prompts().words());
        OptionalInt tokens = calibrated.promptTokens();
        if (tokens.isPresent()) {
          config.put("calibrated_prompt_tokens", tokens.getAsInt());
        } else {
          config.putNull("calibrated_prompt_tokens");
        }
      }
      List<List<LevelStats>> results = new LoadRun(plan, prompts, err).run(targets);
      config.put("finished", Instant.now().toString());
      List<TargetResult> measured = new ArrayList<>();
      for (int t = 0; t < targets.size(); t++) {
        Target target = targets.get(t);
        measured.add(
            new TargetResult(
                target instanceof EngineDirectTarget ? "engine-direct" : "http",
                target.location(),
                target.model(),
                results.get(t)));
      }
      LoadReport report =
          new LoadReport(
              config,
              measured.getFirst(),
              measured.size() > 1 ? Optional.of(measured.get(1)) : Optional.empty(),
              plan.slo().isPresent());
      write(commandLine, report);
    } catch (EngineException e) {
      throw new BenchException("the engine failed: " + e.getMessage(), e);
    } finally {
      for (Target target : targets) {
        target.close();
      }
    }
    return 0;
  }

  private LoadPlan plan(CommandLine commandLine) {
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
  private boolean dataset(CommandLine commandLine) {
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

  private Target main(CommandLine commandLine, LoadPlan plan, boolean mtBench) {
    if (endpoint != null) {
      return new HttpTarget(
          Endpoints.of(commandLine, env, "--endpoint", endpoint, "--api-key-env", apiKeyEnv),
          model,
          plan.timeout());
    }
    int context = mtBench ? 0 : inputTokens + inputTokens / 20 + outputTokens + CONTEXT_ROOM;
    return engine.load(env, commandLine.getErr(), context, plan.maxConcurrency(), plan.timeout());
  }

  private ObjectNode config(LoadPlan plan, Instant started) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.put("started", started.toString());
    config.put("endpoint", endpoint);
    config.put("model", model);
    config.put("engine_direct", engine.model().map(Path::toString).orElse(null));
    config.put("compare_endpoint", compareEndpoint);
    config.put(
        "compare_model",
        compareEndpoint == null ? null : compareModel != null ? compareModel : model);
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
    config.put("percentiles", "linear interpolation between the closest ranks (numpy's default)");
    config.put(
        "interleaving",
        "per level, the targets run one after the other, A then B in odd rounds and B then A in"
            + " even rounds, with the same prompts and arrival times");
    return config;
  }

  private void write(CommandLine commandLine, LoadReport report) {
    PrintWriter out = commandLine.getOut();
    out.print(report.text());
    try {
      if (json != null) {
        writeFile(
            json,
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()) + "\n");
        out.println("json: " + json);
      }
      if (csv != null) {
        writeFile(csv, report.csv());
        out.println("csv: " + csv);
      }
    } catch (IOException e) {
      throw new BenchException("cannot write the report: " + e.getMessage(), e);
    }
    if (charts != null) {
      for (Path chart : Charts.write(report, charts)) {
        out.println("chart: " + chart);
      }
    }
    out.flush();
  }

  private static void writeFile(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
