package dev.samovar.bench.mt.data;

import dev.samovar.bench.BenchException;
import dev.samovar.bench.mt.JudgePrompts;
import dev.samovar.bench.mt.QuestionSet;
import dev.samovar.bench.mt.References;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a command's MT-Bench inputs come from: a local file when one is given, else the named
 * question set's pinned file through the {@link DataCache}.
 */
public final class MtInputs {
  private final Optional<BenchSet> bench;
  private final DataCache cache;

  public MtInputs(Optional<BenchSet> bench, DataCache cache) {
    this.bench = Objects.requireNonNull(bench, "bench");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** The questions of {@code file}, else of the question set. */
  public QuestionSet questions(Optional<Path> file) throws InterruptedException {
    if (file.isPresent()) {
      return QuestionSet.read(file.get());
    }
    return QuestionSet.read(cache.fetch(requireBench("--questions FILE").questions()));
  }

  /** The judge prompts of {@code file}, else the question set's. */
  public JudgePrompts judgePrompts(Optional<Path> file) throws InterruptedException {
    if (file.isPresent()) {
      return JudgePrompts.read(file.get());
    }
    return JudgePrompts.read(cache.fetch(requireBench("--judge-prompts FILE").judgePrompts()));
  }

  /**
   * The reference answers of {@code file}, else the question set's for {@code judgeModel} (looked
   * up by the judge's name, as FastChat does), else none with the reason.
   */
  public References references(String judgeModel, Optional<Path> file) throws InterruptedException {
    if (file.isPresent()) {
      return References.read(file.get());
    }
    if (bench.isEmpty()) {
      return References.none("no --reference FILE was given");
    }
    Optional<SourceFile> source = bench.get().references(judgeModel);
    if (source.isEmpty()) {
      return References.none(
          "--bench "
              + bench.get().id()
              + " has reference answers for judge models: "
              + bench.get().referenceJudges()
              + ", not for \""
              + judgeModel
              + "\" (FastChat looks them up by the judge's name); pass --reference FILE");
    }
    return References.read(cache.fetch(source.get()));
  }

  private BenchSet requireBench(String fileOption) {
    return bench.orElseThrow(
        () -> new BenchException("pass --bench en|ru|ru-lightblue or " + fileOption));
  }
}
