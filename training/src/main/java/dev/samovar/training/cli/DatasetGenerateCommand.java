package dev.samovar.training.cli;

import dev.samovar.cli.JobProgress;
import dev.samovar.client.ChatClient;
import dev.samovar.client.Endpoint;
import dev.samovar.client.RetryPolicy;
import dev.samovar.training.TrainingException;
import dev.samovar.training.dataset.PromptRecord;
import dev.samovar.training.dataset.generate.GenerateRun;
import dev.samovar.training.dataset.generate.Tally;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code samovar train dataset generate}: asks a teacher model behind any OpenAI-compatible
 * endpoint for the answers to a prompts file and writes them as ShareGPT JSONL; resumable.
 */
@Command(
    name = "generate",
    description =
        "Ask a teacher model behind an OpenAI-compatible endpoint for the answers to the prompts"
            + " of --prompts (multi-turn with the whole conversation so far) and append them to"
            + " --out as ShareGPT JSONL; a rerun skips the prompts already there.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class DatasetGenerateCommand implements Callable<Integer> {
  /** How often a status line is printed when no terminal is attached. */
  private static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

  @Spec private CommandSpec spec;

  @Option(
      names = "--prompts",
      required = true,
      paramLabel = "FILE",
      description = "Prompts JSONL: {\"id\", \"language\", \"lang\", \"turns\": [...]} a line.")
  private Path prompts;

  @Option(
      names = "--teacher-url",
      required = true,
      paramLabel = "URL",
      description = "OpenAI base URL including /v1, such as http://127.0.0.1:8080/v1.")
  private String teacherUrl;

  @Option(
      names = "--teacher-model",
      required = true,
      paramLabel = "NAME",
      description = "The model to ask; stored with each record as \"teacher\".")
  private String teacherModel;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description = "Environment variable that holds the API key (sent as a bearer token).")
  private String apiKeyEnv;

  @Option(
      names = "--system-prompt",
      paramLabel = "TEXT",
      description = "A system message before the first turn (default: none; not written out).")
  private String systemPrompt;

  @Option(
      names = "--temperature",
      defaultValue = "0.7",
      paramLabel = "T",
      description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  private double temperature;

  @Option(
      names = "--max-tokens",
      defaultValue = "2048",
      paramLabel = "N",
      description = "Most new tokens per answer (default: ${DEFAULT-VALUE}).")
  private int maxTokens;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "ShareGPT JSONL output, appended to; its prompts are skipped by a rerun.")
  private Path out;

  @Option(
      names = "--messages-out",
      paramLabel = "FILE",
      description = "The same records as OpenAI-style messages JSONL, kept in step with --out.")
  private Path messagesOut;

  @Option(
      names = "--concurrency",
      defaultValue = "4",
      paramLabel = "N",
      description = "Prompts asked at once (default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Option(
      names = "--retries",
      defaultValue = "16",
      paramLabel = "N",
      description =
          "Tries per request in all when it fails with 429, 408, 5xx or a network error"
              + " (default: ${DEFAULT-VALUE}).")
  private int retries;

  @Option(
      names = "--retry-wait",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "Pause between tries when the server sends no Retry-After (default: ${DEFAULT-VALUE}).")
  private double retryWait;

  @Option(
      names = "--drop-truncated",
      description = "Leave out records with an answer cut off at --max-tokens.")
  private boolean dropTruncated;

  @Option(
      names = "--price-in",
      paramLabel = "USD_PER_1M",
      description = "Price of a million prompt tokens, for the cost in the summary.")
  private Double priceIn;

  @Option(
      names = "--price-out",
      paramLabel = "USD_PER_1M",
      description = "Price of a million completion tokens, for the cost in the summary.")
  private Double priceOut;

  @Override
  public Integer call() throws IOException, InterruptedException {
    CommandLine commandLine = spec.commandLine();
    GenerateRun.Settings settings = settings(commandLine);
    RetryPolicy retry = retryPolicy(commandLine);
    Optional<Tally.Prices> prices = prices(commandLine);
    Endpoint endpoint = endpoint(commandLine);
    Optional<Path> messages = Optional.ofNullable(messagesOut);
    if (messages.isPresent()
        && messages.get().toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw new ParameterException(commandLine, "--messages-out must differ from --out");
    }
    List<PromptRecord> records = PromptRecord.read(prompts);
    PrintWriter err = commandLine.getErr();
    GenerateRun.Result result;
    try (ChatClient client = new ChatClient(endpoint, retry)) {
      result =
          new GenerateRun(client, settings)
              .run(
                  records,
                  out,
                  messages,
                  prices,
                  JobProgress.to(err, "dataset generate", "prompts", STATUS_INTERVAL));
    }
    PrintWriter stdout = commandLine.getOut();
    result.tally().lines().forEach(stdout::println);
    stdout.println("summary: " + result.summary());
    stdout.flush();
    if (result.stopped().isPresent()) {
      throw new TrainingException(result.stopped().get());
    }
    if (!result.failures().isEmpty()) {
      int failed = result.failures().size();
      throw new TrainingException(
          failed
              + (failed == 1 ? " prompt" : " prompts")
              + " not answered (first: "
              + result.failures().getFirst()
              + "); run the same command again to answer them");
    }
    return 0;
  }

  private GenerateRun.Settings settings(CommandLine commandLine) {
    if (teacherModel.isBlank()) {
      throw new ParameterException(commandLine, "--teacher-model must not be empty");
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new ParameterException(commandLine, "--temperature must be in [0, 2]: " + temperature);
    }
    if (maxTokens < 1) {
      throw new ParameterException(commandLine, "--max-tokens must be >= 1: " + maxTokens);
    }
    if (concurrency < 1) {
      throw new ParameterException(commandLine, "--concurrency must be >= 1: " + concurrency);
    }
    return new GenerateRun.Settings(
        teacherModel,
        temperature,
        maxTokens,
        Optional.ofNullable(systemPrompt),
        concurrency,
        dropTruncated);
  }

  private RetryPolicy retryPolicy(CommandLine commandLine) {
    try {
      return RetryPolicy.fromOptions(retries, retryWait);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, e.getMessage());
    }
  }

  private Optional<Tally.Prices> prices(CommandLine commandLine) {
    if ((priceIn == null) != (priceOut == null)) {
      throw new ParameterException(commandLine, "give both --price-in and --price-out, or neither");
    }
    if (priceIn == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Tally.Prices(priceIn, priceOut));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "--price-in/--price-out: " + e.getMessage());
    }
  }

  private Endpoint endpoint(CommandLine commandLine) {
    Optional<String> key = Optional.empty();
    if (apiKeyEnv != null) {
      String value = System.getenv(apiKeyEnv);
      if (value == null || value.isBlank()) {
        throw new ParameterException(
            commandLine,
            "--api-key-env names " + apiKeyEnv + ", which is not set in the environment");
      }
      key = Optional.of(value.strip());
    }
    try {
      return Endpoint.of(teacherUrl, key);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "--teacher-url: " + e.getMessage());
    }
  }
}
