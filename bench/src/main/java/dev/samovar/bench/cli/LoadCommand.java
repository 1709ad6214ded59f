package dev.samovar.bench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.bench.BenchException;
import dev.samovar.bench.load.Calibration;
import dev.samovar.bench.load.EngineDirectTarget;
import dev.samovar.bench.load.HttpTarget;
import dev.samovar.bench.load.LevelStats;
import dev.samovar.bench.load.LoadPlan;
import dev.samovar.bench.load.LoadReport;
import dev.samovar.bench.load.LoadRun;
import dev.samovar.bench.load.Prompts;
import dev.samovar.bench.load.Target;
import dev.samovar.bench.load.TargetResult;
import dev.samovar.client.Endpoint;
import dev.samovar.client.Json;
import dev.samovar.engine.EngineException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>The options come in groups: the main target here or in {@link EngineDirectOptions}, the second
 * endpoint in {@link CompareOptions}, what is sent in {@link WorkloadOptions}, and where the report
 * goes in {@link ReportOptions}.
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

  @Mixin private CompareOptions compare;

  @Mixin private WorkloadOptions workload;

  @Mixin private ReportOptions report;

  /** A load command that reads API keys and defaults from {@code env}. */
  public LoadCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    CommandLine commandLine = spec.commandLine();
    LoadPlan plan = workload.plan(commandLine);
    boolean mtBench = workload.mtBench(commandLine);
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
    compare.check(commandLine, model);
    PrintWriter err = commandLine.getErr();
    Optional<Prompts> fixedPrompts =
        mtBench ? Optional.of(workload.mtBenchPrompts(env, err)) : Optional.empty();
    Optional<Endpoint> second = compare.endpoint(commandLine, env);
    Instant started = Instant.now();
    List<Target> targets = new ArrayList<>();
    try {
      targets.add(main(commandLine, plan, mtBench));
      if (second.isPresent()) {
        targets.add(new HttpTarget(second.get(), compare.model(model), plan.timeout()));
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
            new Calibration(
                    targets.getFirst(), plan.seed(), plan.ignoreEos(), plan.temperature(), err)
                .calibrate(workload.inputTokens());
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
      report.write(
          commandLine.getOut(),
          new LoadReport(
              config,
              measured.getFirst(),
              measured.size() > 1 ? Optional.of(measured.get(1)) : Optional.empty(),
              plan.slo().isPresent()));
    } catch (EngineException e) {
      throw new BenchException("the engine failed: " + e.getMessage(), e);
    } finally {
      for (Target target : targets) {
        target.close();
      }
    }
    return 0;
  }

  private Target main(CommandLine commandLine, LoadPlan plan, boolean mtBench) {
    if (endpoint != null) {
      return new HttpTarget(
          Endpoints.of(commandLine, env, "--endpoint", endpoint, "--api-key-env", apiKeyEnv),
          model,
          plan.timeout());
    }
    return engine.load(
        env,
        commandLine.getErr(),
        workload.engineContext(mtBench),
        plan.maxConcurrency(),
        plan.timeout());
  }

  private ObjectNode config(LoadPlan plan, Instant started) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.put("started", started.toString());
    config.put("endpoint", endpoint);
    config.put("model", model);
    config.put("engine_direct", engine.model().map(Path::toString).orElse(null));
    compare.describe(config, model);
    workload.describe(config, plan);
    config.put("percentiles", "linear interpolation between the closest ranks (numpy's default)");
    config.put(
        "interleaving",
        "per level, the targets run one after the other, A then B in odd rounds and B then A in"
            + " even rounds, with the same prompts and arrival times");
    return config;
  }
}
