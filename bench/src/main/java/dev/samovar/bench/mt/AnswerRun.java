package dev.samovar.bench.mt;

import dev.samovar.bench.BenchException;
import dev.samovar.client.ChatCallException;
import dev.samovar.client.ChatClient;
import dev.samovar.client.ChatRequest;
import dev.samovar.client.Message;
import dev.samovar.client.jsonl.JobListener;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.client.jsonl.JsonlOutput;
import dev.samovar.client.jsonl.ResumableJob;
import dev.samovar.engine.InvalidSettingException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers questions like FastChat's gen_api_answer.py: each turn is sent with the whole
 * conversation so far, at the category's temperature, and the answers are appended to a FastChat
 * answer file as they finish. Questions already in the file are skipped, so a stopped run goes on
 * where it ended; a question whose call failed is left out (and answered by the next run).
 */
public final class AnswerRun {
  /**
   * How to answer.
   *
   * @param model the model name sent to the endpoint and written as {@code model_id}
   * @param maxTokens new tokens per turn
   * @param systemPrompt a system message before the first turn, or none
   * @param parallel questions answered at once
   */
  public record Settings(String model, int maxTokens, Optional<String> systemPrompt, int parallel) {
    public Settings {
      Objects.requireNonNull(systemPrompt, "systemPrompt");
      InvalidSettingException.require(!model.isBlank(), "model", "must not be empty");
      InvalidSettingException.atLeast("max-tokens", maxTokens, 1);
      InvalidSettingException.atLeast("parallel", parallel, 1);
    }
  }

  /**
   * How a run went.
   *
   * @param questions questions in the set
   * @param alreadyAnswered answered by earlier runs
   * @param answered answered by this run
   * @param failures the questions whose calls failed, "question N: why"
   */
  public record Summary(int questions, int alreadyAnswered, int answered, List<String> failures) {}

  private final QuestionSet questions;
  private final ChatClient client;
  private final Settings settings;
  private final JobListener progress;

  public AnswerRun(
      QuestionSet questions, ChatClient client, Settings settings, JobListener progress) {
    this.questions = Objects.requireNonNull(questions, "questions");
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Answers every question not yet in {@code out}.
   *
   * @throws BenchException when {@code out} holds another model's answers, or the endpoint refused
   *     the requests (401, 403, 404)
   */
  public Summary run(Path out) throws InterruptedException {
    try (JsonlOutput<Integer> output =
        JsonlOutput.open(
            out,
            line -> Fields.integer(line.json(), "question_id", line.where()),
            progress::note)) {
      output.existing().forEach(this::requireThisModel);
      ResumableJob.Outcome outcome =
          new ResumableJob<Question>(
                  question -> "question " + question.id(),
                  ResumableJob.ResumeNote.of(
                      out, "questions already answered", "answering the other"),
                  settings.parallel(),
                  progress)
              .run(
                  questions.questions(),
                  question -> output.contains(question.id()),
                  question -> answerInto(output, question));
      output.rewriteSorted();
      outcome
          .stopReport("answers", out)
          .ifPresent(
              report -> {
                throw new BenchException(report);
              });
      return new Summary(outcome.total(), outcome.already(), outcome.done(), outcome.failures());
    }
  }

  private void requireThisModel(JsonlFile.Line line) {
    String model = Fields.text(line.json(), "model_id", line.where());
    if (!model.equals(settings.model())) {
      throw new BenchException(
          line.where()
              + ": an answer of model \""
              + model
              + "\", not \""
              + settings.model()
              + "\"; write each model's answers to its own --out file");
    }
  }

  private String answerInto(JsonlOutput<Integer> output, Question question)
      throws ChatCallException, InterruptedException {
    Instant start = Instant.now();
    Answer answer = answer(question);
    output.append(question.id(), answer.toJson(Instant.now()));
    return "question "
        + question.id()
        + " ("
        + question.category()
        + "): answered in "
        + String.format(
            Locale.ROOT, "%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }

  private Answer answer(Question question) throws ChatCallException, InterruptedException {
    List<Message> messages = new ArrayList<>();
    settings.systemPrompt().ifPresent(system -> messages.add(Message.system(system)));
    List<String> replies = new ArrayList<>(question.turns().size());
    for (int i = 0; i < question.turns().size(); i++) {
      int turn = i + 1;
      messages.add(Message.user(question.turns().get(i)));
      ChatRequest request =
          new ChatRequest(
              settings.model(),
              messages,
              MtBench.temperature(question.category()),
              settings.maxTokens());
      String reply =
          client.complete(request, progress.retries("question " + question.id() + " turn " + turn));
      messages.add(Message.assistant(reply));
      replies.add(reply);
    }
    return Answer.create(question.id(), settings.model(), replies);
  }
}
