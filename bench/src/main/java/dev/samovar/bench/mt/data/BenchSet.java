package dev.samovar.bench.mt.data;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The question sets {@code --bench} names, with their files at pinned commits.
 *
 * <ul>
 *   <li>{@code en}: MT-Bench, lm-sys/FastChat (80 questions, GPT-4 reference answers).
 *   <li>{@code ru}: ruMT-Bench, NLP-Core-Team/FastChat (the 80 questions translated, with
 *       translated reference answers).
 *   <li>{@code ru-lightblue}: lightblue-tech/multilingual-mt-bench's ru_mt_bench (50 questions
 *       without math, reasoning and coding; judge prompts that also ask about language and
 *       fluency), the set behind the published Russian scores.
 * </ul>
 */
public enum BenchSet {
  EN(
      "en",
      "lm-sys/FastChat",
      "587d5cfa1609a43d192cedb8441cac3c17db105d",
      "fastchat/llm_judge/data/mt_bench/question.jsonl",
      Map.of("gpt-4", "fastchat/llm_judge/data/mt_bench/reference_answer/gpt-4.jsonl")),
  RU(
      "ru",
      "NLP-Core-Team/FastChat",
      "1f14944e4149d43b95ec563b3f183cc65a4f1a02",
      "fastchat/llm_judge/data/ru_mt_bench/question.jsonl",
      Map.of("gpt-4", "fastchat/llm_judge/data/ru_mt_bench/reference_answer/gpt-4.jsonl")),
  RU_LIGHTBLUE(
      "ru-lightblue",
      "lightblue-tech/multilingual-mt-bench",
      "fce0c700e8cccc5e608d9a1bd4ebb083d81bfb9c",
      "fastchat/llm_judge/data/ru_mt_bench/question.jsonl",
      Map.of());

  private static final String JUDGE_PROMPTS = "fastchat/llm_judge/data/judge_prompts.jsonl";

  private final String id;
  private final String repository;
  private final String commit;
  private final String questions;
  private final Map<String, String> references;

  BenchSet(
      String id,
      String repository,
      String commit,
      String questions,
      Map<String, String> references) {
    this.id = id;
    this.repository = repository;
    this.commit = commit;
    this.questions = questions;
    this.references = references;
  }

  /** The name {@code --bench} takes. */
  public String id() {
    return id;
  }

  public SourceFile questions() {
    return new SourceFile(repository, commit, questions);
  }

  public SourceFile judgePrompts() {
    return new SourceFile(repository, commit, JUDGE_PROMPTS);
  }

  /** The reference answers FastChat would use with judge model {@code judgeModel}, if any. */
  public Optional<SourceFile> references(String judgeModel) {
    return Optional.ofNullable(references.get(judgeModel))
        .map(path -> new SourceFile(repository, commit, path));
  }

  /** The judge models this set has reference answers for, such as "gpt-4", or "none". */
  public String referenceJudges() {
    return references.isEmpty() ? "none" : String.join(", ", references.keySet());
  }

  /** The set {@code id} names. */
  public static BenchSet of(String id) {
    return Arrays.stream(values())
        .filter(set -> set.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown question set '"
                        + id
                        + "'; expected one of "
                        + Arrays.stream(values())
                            .map(BenchSet::id)
                            .collect(Collectors.joining(", "))));
  }
}
