package dev.samovar.bench.mt;

import dev.samovar.bench.BenchException;
import dev.samovar.client.ChatCallException;
import dev.samovar.client.ChatClient;
import dev.samovar.client.jsonl.JobListener;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.client.jsonl.JsonlOutput;
import dev.samovar.client.jsonl.ResumableJob;
import dev.samovar.engine.InvalidSettingException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Single-answer grading like FastChat's gen_judgment.py {@code --mode single}: every answer is
 * graded for turn 1 and, for two-turn questions, for turn 2, with the math templates and a
 * reference answer for math, reasoning and coding. A judge call that fails every try is written as
 * {@code $ERROR$} with score -1, as FastChat does. Judgments already in the output file are
 * skipped, so a stopped run goes on where it ended.
 */
public final class JudgeRun {
  /**
   * How to judge.
   *
   * @param judgeModel the judge model name sent to the endpoint
   * @param parallel judge calls at once
   */
  public record Settings(String judgeModel, int parallel) {
    public Settings {
      InvalidSettingException.require(!judgeModel.isBlank(), "judge-model", "must not be empty");
      InvalidSettingException.atLeast("parallel", parallel, 1);
    }
  }

  /**
   * How a run went.
   *
   * @param judgments gradings planned (turn 1 and turn 2 of every answer)
   * @param alreadyJudged written by earlier runs
   * @param judged written by this run
   * @param unrated of those, the ones without a rating (score -1), judge errors included
   * @param errors of those, the judge calls that failed every try ({@code $ERROR$})
   */
  public record Summary(int judgments, int alreadyJudged, int judged, int unrated, int errors) {}

  private record Key(String model, int questionId, int turn) implements Comparable<Key> {
    private static final Comparator<Key> ORDER =
        Comparator.comparing(Key::model)
            .thenComparingInt(Key::questionId)
            .thenComparingInt(Key::turn);

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  private final QuestionSet questions;
  private final JudgePrompts prompts;
  private final References references;
  private final List<Answer> answers;
  private final ChatClient client;
  private final Settings settings;
  private final JobListener progress;

  public JudgeRun(
      QuestionSet questions,
      JudgePrompts prompts,
      References references,
      List<Answer> answers,
      ChatClient client,
      Settings settings,
      JobListener progress) {
    this.questions = Objects.requireNonNull(questions, "questions");
    this.prompts = Objects.requireNonNull(prompts, "prompts");
    this.references = Objects.requireNonNull(references, "references");
    this.answers = List.copyOf(answers);
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Every grading, models in the order their answers come, then questions in file order, turn 1
   * before turn 2; every user prompt is filled once here, so a bad template fails before any call.
   *
   * @throws BenchException when an answer is for a question not in the set, has fewer turns than
   *     its question, or a question that needs a reference answer has none
   */
  public List<JudgeMatch> plan() {
    Map<String, Map<Integer, Answer>> byModel = new LinkedHashMap<>();
    for (Answer answer : answers) {
      Question question =
          questions
              .byId(answer.questionId())
              .orElseThrow(
                  () ->
                      new BenchException(
                          "model \""
                              + answer.modelId()
                              + "\" answered question "
                              + answer.questionId()
                              + ", which is not in the question set"));
      if (answer.turns().size() < question.turns().size()) {
        throw new BenchException(
            "model \""
                + answer.modelId()
                + "\" answered "
                + answer.turns().size()
                + " of the "
                + question.turns().size()
                + " turns of question "
                + question.id());
      }
      byModel
          .computeIfAbsent(answer.modelId(), model -> new LinkedHashMap<>())
          .put(answer.questionId(), answer);
    }
    List<Question> missingReference =
        questions.questions().stream()
            .filter(q -> MtBench.needsReference(q.category()))
            .filter(q -> references.forQuestion(q.id()).isEmpty())
            .filter(q -> byModel.values().stream().anyMatch(a -> a.containsKey(q.id())))
            .toList();
    if (!missingReference.isEmpty()) {
      throw new BenchException(references.missing(missingReference));
    }
    List<JudgeMatch> matches = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, Answer>> model : byModel.entrySet()) {
      List<Integer> unanswered = new ArrayList<>();
      for (Question question : questions.questions()) {
        Answer answer = model.getValue().get(question.id());
        if (answer == null) {
          unanswered.add(question.id());
          continue;
        }
        boolean withReference = MtBench.needsReference(question.category());
        Optional<Answer> reference =
            withReference ? references.forQuestion(question.id()) : Optional.empty();
        matches.add(
            new JudgeMatch(question, answer, 1, prompts.single(withReference, 1), reference));
        if (question.turns().size() == 2) {
          matches.add(
              new JudgeMatch(question, answer, 2, prompts.single(withReference, 2), reference));
        }
      }
      if (!unanswered.isEmpty()) {
        progress.note(
            "model \""
                + model.getKey()
                + "\" has no answer to "
                + unanswered.size()
                + " of the "
                + questions.size()
                + " questions, which are not judged: "
                + unanswered.stream().map(String::valueOf).collect(Collectors.joining(", ")));
      }
    }
    for (JudgeMatch match : matches) {
      try {
        match.userPrompt();
      } catch (IllegalArgumentException e) {
        throw new BenchException(
            "judge prompt \"" + match.prompt().name() + "\" cannot be filled: " + e.getMessage());
      }
    }
    return matches;
  }

  /**
   * Judges every planned grading not yet in {@code out}.
   *
   * @throws BenchException when {@code out} holds another judge's judgments, or the endpoint
   *     refused the requests (401, 403, 404)
   */
  public Summary run(Path out) throws InterruptedException {
    List<JudgeMatch> matches = plan();
    try (JsonlOutput<Key> output =
        JsonlOutput.open(
            out,
            line ->
                new Key(
                    Fields.text(line.json(), "model", line.where()),
                    Fields.integer(line.json(), "question_id", line.where()),
                    Fields.integer(line.json(), "turn", line.where())),
            progress::note)) {
      output.existing().forEach(this::requireThisJudge);
      AtomicInteger unrated = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      ResumableJob.Outcome outcome =
          new ResumableJob<JudgeMatch>(
                  JudgeRun::label,
                  ResumableJob.ResumeNote.of(out, "judgments already there", "judging the other"),
                  settings.parallel(),
                  progress)
              .run(
                  matches,
                  match -> output.contains(key(match)),
                  match -> {
                    Judgment judgment = judge(match, errors);
                    if (judgment.score().unrated()) {
                      unrated.incrementAndGet();
                    }
                    output.append(key(match), judgment.toJson(Instant.now()));
                    return label(match)
                        + " ("
                        + match.prompt().name()
                        + "): score "
                        + judgment.score();
                  });
      output.rewriteSorted();
      outcome
          .stopReport("judgments", out)
          .ifPresent(
              report -> {
                throw new BenchException(report);
              });
      return new Summary(
          outcome.total(), outcome.already(), outcome.pending(), unrated.get(), errors.get());
    }
  }

  private void requireThisJudge(JsonlFile.Line line) {
    Judgment existing = Judgment.of(line.json(), line.where());
    if (!existing.judgeModel().equals(settings.judgeModel())) {
      throw new BenchException(
          line.where()
              + ": a judgment by \""
              + existing.judgeModel()
              + "\", not \""
              + settings.judgeModel()
              + "\"; write each judge's judgments to its own --out file");
    }
  }

  /**
   * The judge's verdict on {@code match}; a judge call that failed every try (not fatally) is
   * noted, counted in {@code errors} and judged as {@link MtBench#API_ERROR_OUTPUT}.
   */
  private Judgment judge(JudgeMatch match, AtomicInteger errors)
      throws ChatCallException, InterruptedException {
    String label = label(match);
    String text;
    try {
      text = client.complete(match.request(settings.judgeModel()), progress.retries(label));
    } catch (ChatCallException e) {
      if (e.fatal()) {
        throw e;
      }
      progress.note(label + ": " + e.getMessage() + "; written as " + MtBench.API_ERROR_OUTPUT);
      errors.incrementAndGet();
      text = MtBench.API_ERROR_OUTPUT;
    }
    return match.judgment(settings.judgeModel(), text);
  }

  private static Key key(JudgeMatch match) {
    return new Key(match.answer().modelId(), match.question().id(), match.turn());
  }

  private static String label(JudgeMatch match) {
    return "model "
        + match.answer().modelId()
        + " question "
        + match.question().id()
        + " turn "
        + match.turn();
  }
}
