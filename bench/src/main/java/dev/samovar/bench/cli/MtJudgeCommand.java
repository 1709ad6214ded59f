package dev.samovar.bench.cli;

import dev.samovar.bench.mt.Answer;
import dev.samovar.bench.mt.JudgePrompts;
import dev.samovar.bench.mt.JudgeRun;
import dev.samovar.bench.mt.QuestionSet;
import dev.samovar.bench.mt.References;
import dev.samovar.bench.mt.data.MtInputs;
import dev.samovar.cli.JobProgress;
import dev.samovar.client.ChatClient;
import dev.samovar.client.Endpoint;
import dev.samovar.client.RetryPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * {@code samovar bench mt judge}: grades answer files with a judge model like FastChat's
 * gen_judgment.py {@code --mode single}, into a FastChat judgment file; resumable.
 */
@Command(
    name = "judge",
    description =
        "Grade MT-Bench answers with a judge model (single-answer grading with FastChat's judge"
            + " prompts, reference answers for math, reasoning and coding); resumable.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class MtJudgeCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec private CommandSpec spec;

  @Mixin private QuestionSourceOptions source;

  @Option(
      names = "--answers",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "Answer files (FastChat format); each model_id is graded as a model.")
  private List<Path> answers = new ArrayList<>();

  @Option(
      names = "--judge-endpoint",
      required = true,
      paramLabel = "URL",
      description = "The judge's OpenAI base URL including /v1, such as https://api.openai.com/v1.")
  private String judgeEndpoint;

  @Option(
      names = "--judge-model",
      defaultValue = "gpt-4",
      paramLabel = "NAME",
      description =
          "The judge model; reference answers are looked up by its name (default:"
              + " ${DEFAULT-VALUE}).")
  private String judgeModel;

  @Option(
      names = "--judge-api-key-env",
      paramLabel = "VAR",
      description = "Environment variable that holds the judge's API key.")
  private String judgeApiKeyEnv;

  @Option(
      names = "--judge-prompts",
      paramLabel = "FILE",
      description = "A local judge_prompts.jsonl (default: the question set's).")
  private Path judgePrompts;

  @Option(
      names = "--reference",
      paramLabel = "FILE",
      description =
          "Reference answers (FastChat answer format) for math, reasoning and coding (default:"
              + " the question set's for the judge model).")
  private Path reference;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The judgment file (JSONL); judgments already there are skipped.")
  private Path out;

  @Mixin private RequestOptions requests;

  /** A judge command that reads API keys and the cache location from {@code env}. */
  public MtJudgeCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    CommandLine commandLine = spec.commandLine();
    source.requireOne(commandLine);
    JudgeRun.Settings settings = new JudgeRun.Settings(judgeModel, requests.parallel());
    RetryPolicy retry = requests.retryPolicy(commandLine);
    Endpoint target =
        Endpoints.of(
            commandLine,
            env,
            "--judge-endpoint",
            judgeEndpoint,
            "--judge-api-key-env",
            judgeApiKeyEnv);
    PrintWriter err = commandLine.getErr();
    MtInputs inputs = source.inputs(env, err);
    QuestionSet questions = inputs.questions(source.questions());
    JudgePrompts prompts = inputs.judgePrompts(Optional.ofNullable(judgePrompts));
    References references = inputs.references(judgeModel, Optional.ofNullable(reference));
    List<Answer> rows = new ArrayList<>();
    answers.forEach(file -> rows.addAll(Answer.read(file)));
    JudgeRun.Summary summary;
    try (ChatClient client = new ChatClient(target, retry)) {
      summary =
          new JudgeRun(
                  questions,
                  prompts,
                  references,
                  rows,
                  client,
                  settings,
                  JobProgress.to(err, "mt judge", "judgments", Duration.ZERO))
              .run(out);
    }
    PrintWriter stdout = commandLine.getOut();
    stdout.println(
        summary.judgments()
            + " judgments by "
            + judgeModel
            + " in "
            + out
            + " ("
            + summary.alreadyJudged()
            + " from earlier runs, "
            + summary.judged()
            + " now, of which "
            + summary.unrated()
            + " unrated (-1) and "
            + summary.errors()
            + " judge errors)");
    stdout.flush();
    return 0;
  }
}
