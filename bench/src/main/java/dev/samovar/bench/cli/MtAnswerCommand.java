package dev.samovar.bench.cli;

import dev.samovar.bench.BenchException;
import dev.samovar.bench.mt.AnswerRun;
import dev.samovar.bench.mt.MtBench;
import dev.samovar.bench.mt.QuestionSet;
import dev.samovar.cli.JobProgress;
import dev.samovar.client.ChatClient;
import dev.samovar.client.Endpoint;
import dev.samovar.client.RetryPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samovar bench mt answer}: answers MT-Bench questions from any OpenAI-compatible endpoint
 * like FastChat's gen_api_answer.py, into a FastChat answer file; resumable.
 */
@Command(
    name = "answer",
    description =
        "Answer MT-Bench questions with a model behind an OpenAI-compatible endpoint (two turns"
            + " with the full history, FastChat's per-category temperatures); resumable.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class MtAnswerCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec private CommandSpec spec;

  @Mixin private QuestionSourceOptions source;

  @Option(
      names = "--endpoint",
      required = true,
      paramLabel = "URL",
      description = "OpenAI base URL including /v1, such as http://127.0.0.1:8080/v1.")
  private String endpoint;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME",
      description = "The model to ask; also the model_id written with each answer.")
  private String model;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description = "Environment variable that holds the API key (sent as a bearer token).")
  private String apiKeyEnv;

  @Option(
      names = "--system-prompt",
      paramLabel = "TEXT",
      description =
          "A system message before the first turn (default: none, as FastChat asks Llama-3"
              + " models; FastChat gives OpenAI models \"You are a helpful assistant.\").")
  private String systemPrompt;

  @Option(
      names = "--max-tokens",
      defaultValue = "" + MtBench.ANSWER_MAX_TOKENS,
      paramLabel = "N",
      description = "New tokens per turn (default: ${DEFAULT-VALUE}, as FastChat).")
  private int maxTokens;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The answer file (JSONL); questions already answered there are skipped.")
  private Path out;

  @Mixin private RequestOptions requests;

  /** An answer command that reads API keys and the cache location from {@code env}. */
  public MtAnswerCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    CommandLine commandLine = spec.commandLine();
    source.requireOne(commandLine);
    AnswerRun.Settings settings =
        new AnswerRun.Settings(
            model, maxTokens, Optional.ofNullable(systemPrompt), requests.parallel());
    RetryPolicy retry = requests.retryPolicy(commandLine);
    Endpoint target =
        Endpoints.of(commandLine, env, "--endpoint", endpoint, "--api-key-env", apiKeyEnv);
    PrintWriter err = commandLine.getErr();
    QuestionSet questions = source.inputs(env, err).questions(source.questions());
    AnswerRun.Summary summary;
    try (ChatClient client = new ChatClient(target, retry)) {
      summary =
          new AnswerRun(
                  questions,
                  client,
                  settings,
                  JobProgress.to(err, "mt answer", "questions", Duration.ZERO))
              .run(out);
    }
    PrintWriter stdout = commandLine.getOut();
    stdout.println(
        "answers of "
            + model
            + " to "
            + (summary.alreadyAnswered() + summary.answered())
            + " of "
            + summary.questions()
            + " questions in "
            + out
            + " ("
            + summary.alreadyAnswered()
            + " from earlier runs, "
            + summary.answered()
            + " now)");
    stdout.flush();
    if (!summary.failures().isEmpty()) {
      throw new BenchException(
          summary.failures().size()
              + (summary.failures().size() == 1 ? " question" : " questions")
              + " not answered (first: "
              + summary.failures().getFirst()
              + "); run the same command again to answer them");
    }
    return 0;
  }
}
