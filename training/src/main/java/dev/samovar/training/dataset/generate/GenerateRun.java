package dev.samovar.training.dataset.generate;

import dev.samovar.client.ChatCallException;
import dev.samovar.client.ChatClient;
import dev.samovar.client.ChatCompletion;
import dev.samovar.client.ChatRequest;
import dev.samovar.client.Json;
import dev.samovar.client.Message;
import dev.samovar.client.Usage;
import dev.samovar.client.jsonl.AtomicFiles;
import dev.samovar.client.jsonl.JobListener;
import dev.samovar.client.jsonl.ResumableJob;
import dev.samovar.training.TrainingException;
import dev.samovar.training.dataset.PromptRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a teacher model for the answers to prompts: turn 1 alone (after the system prompt, if any),
 * then each later human turn with the whole conversation so far; {@code concurrency} prompts at
 * once; each finished prompt appended to the output at once. Prompts already in the output are
 * skipped; a prompt whose requests fail is left out for the next run.
 */
public final class GenerateRun {
  /**
   * How to ask.
   *
   * @param teacher the model name sent to the endpoint and stored with each record
   * @param temperature the sampling temperature
   * @param maxTokens most new tokens per answer
   * @param systemPrompt a system message before the first turn, or none
   * @param concurrency prompts asked at once
   * @param dropTruncated whether records with an answer cut off at {@code maxTokens} are left out
   */
  public record Settings(
      String teacher,
      double temperature,
      int maxTokens,
      Optional<String> systemPrompt,
      int concurrency,
      boolean dropTruncated) {
    public Settings {
      Objects.requireNonNull(teacher, "teacher");
      Objects.requireNonNull(systemPrompt, "systemPrompt");
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
      }
    }
  }

  /**
   * How a run ended.
   *
   * @param tally counts and tokens
   * @param failures the prompts that failed, "prompt ID: why"
   * @param stopped why the run stopped early (a request refused with 401, 403 or 404) and that the
   *     records so far are kept for the next run, if it did
   * @param summary the file the tally was written to, {@code OUT.summary.json}
   */
  public record Result(
      Tally tally, List<String> failures, Optional<String> stopped, Path summary) {}

  private final ChatClient client;
  private final Settings settings;

  public GenerateRun(ChatClient client, Settings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Answers every prompt of {@code prompts} that {@code out} does not hold yet, appending the
   * records to {@code out} and {@code messagesOut}, and writes the tally to {@code
   * OUT.summary.json}.
   *
   * @param prices the prices for the cost in the tally, if known
   * @param progress hears how the run goes
   * @throws dev.samovar.training.TrainingException when {@code out} holds another teacher's records
   *     or is not a file this command wrote
   */
  public Result run(
      List<PromptRecord> prompts,
      Path out,
      Optional<Path> messagesOut,
      Optional<Tally.Prices> prices,
      JobListener progress)
      throws InterruptedException {
    Result result;
    try (DatasetOutput output =
        DatasetOutput.open(out, messagesOut, settings.teacher(), progress::note)) {
      Counts counts = new Counts();
      ResumableJob.Outcome outcome =
          new ResumableJob<PromptRecord>(
                  prompt -> "prompt " + prompt.id(),
                  ResumableJob.ResumeNote.of(
                      out, "prompts already answered", "asking for the other"),
                  settings.concurrency(),
                  progress)
              .run(
                  prompts,
                  prompt -> output.done(prompt.id()),
                  prompt -> answerInto(output, prompt, progress, counts));
      result =
          new Result(
              counts.tally(outcome.total(), outcome.already(), outcome.failures().size(), prices),
              outcome.failures(),
              outcome.stopReport("records", out),
              summaryFile(out));
    }
    writeSummary(result);
    return result;
  }

  /** {@code OUT.summary.json} beside {@code out}. */
  static Path summaryFile(Path out) {
    return out.resolveSibling(out.getFileName() + ".summary.json");
  }

  private static void writeSummary(Result result) {
    try {
      AtomicFiles.replace(
          result.summary(),
          (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.tally().toJson())
                  + "\n")
              .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TrainingException("cannot write " + result.summary() + ": " + e.getMessage(), e);
    }
  }

  /** Answers {@code prompt} and appends its record, unless it is truncated and to be dropped. */
  private String answerInto(
      DatasetOutput output, PromptRecord prompt, JobListener progress, Counts counts)
      throws ChatCallException, InterruptedException {
    GeneratedRecord record = answer(prompt, progress, counts);
    if (record.truncated()) {
      counts.truncated(settings.dropTruncated());
    }
    if (record.truncated() && settings.dropTruncated()) {
      return "prompt " + prompt.id() + ": answer cut off at max_tokens, left out";
    }
    output.append(record);
    counts.written();
    return "prompt " + prompt.id() + ": written";
  }

  private GeneratedRecord answer(PromptRecord prompt, JobListener progress, Counts counts)
      throws ChatCallException, InterruptedException {
    List<Message> messages = new ArrayList<>();
    settings.systemPrompt().ifPresent(system -> messages.add(Message.system(system)));
    List<GeneratedRecord.Turn> turns = new ArrayList<>(prompt.turns().size());
    long promptTokens = 0;
    long completionTokens = 0;
    boolean allUsage = true;
    for (String human : prompt.turns()) {
      messages.add(Message.user(human));
      ChatClient.RetryListener retries =
          progress.retries("prompt " + prompt.id() + " turn " + (turns.size() + 1));
      ChatCompletion completion =
          client.chat(
              new ChatRequest(
                  settings.teacher(), messages, settings.temperature(), settings.maxTokens()),
              (failure, next, attempts, delay) -> {
                counts.retry();
                retries.retrying(failure, next, attempts, delay);
              });
      counts.answer(completion.usage());
      messages.add(Message.assistant(completion.content()));
      turns.add(new GeneratedRecord.Turn(human, completion.content(), completion.finishReason()));
      if (completion.usage().isPresent()) {
        promptTokens += completion.usage().get().promptTokens();
        completionTokens += completion.usage().get().completionTokens();
      } else {
        allUsage = false;
      }
    }
    return new GeneratedRecord(
        prompt.id(),
        prompt.language(),
        settings.teacher(),
        turns,
        allUsage ? Optional.of(new Usage(promptTokens, completionTokens)) : Optional.empty());
  }

  /** The counters of a run, shared by its workers. */
  private static final class Counts {
    private int written;
    private int truncated;
    private int dropped;
    private long turns;
    private long promptTokens;
    private long completionTokens;
    private long withoutUsage;
    private long retries;

    synchronized void answer(Optional<Usage> usage) {
      turns++;
      usage.ifPresentOrElse(
          tokens -> {
            promptTokens += tokens.promptTokens();
            completionTokens += tokens.completionTokens();
          },
          () -> withoutUsage++);
    }

    synchronized void truncated(boolean drop) {
      truncated++;
      if (drop) {
        dropped++;
      }
    }

    synchronized void retry() {
      retries++;
    }

    synchronized void written() {
      written++;
    }

    synchronized Tally tally(int prompts, int earlier, int failed, Optional<Tally.Prices> prices) {
      return new Tally(
          prompts,
          earlier,
          written,
          failed,
          truncated,
          dropped,
          turns,
          promptTokens,
          completionTokens,
          withoutUsage,
          retries,
          prices);
    }
  }
}
