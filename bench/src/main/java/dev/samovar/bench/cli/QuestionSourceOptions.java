package dev.samovar.bench.cli;

import dev.samovar.bench.mt.data.BenchSet;
import dev.samovar.bench.mt.data.DataCache;
import dev.samovar.bench.mt.data.MtInputs;
import dev.samovar.bench.mt.data.SourceFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which questions: a named set downloaded at a pinned commit ({@code --bench}) or a local file. */
public final class QuestionSourceOptions {
  /** Reads {@code en}, {@code ru} or {@code ru-lightblue}. */
  static final class BenchSetConverter implements ITypeConverter<BenchSet> {
    @Override
    public BenchSet convert(String value) {
      try {
        return BenchSet.of(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Option(
      names = "--bench",
      paramLabel = "en|ru|ru-lightblue",
      converter = BenchSetConverter.class,
      description =
          "Question set: en (FastChat MT-Bench), ru (NLP-Core-Team ruMT-Bench) or ru-lightblue"
              + " (lightblue's Russian MT-Bench, the set of the published Russian scores);"
              + " downloaded at a pinned commit into the cache.")
  private BenchSet bench;

  @Option(names = "--questions", paramLabel = "FILE", description = "A local question.jsonl.")
  private Path questions;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Where downloaded files and their SHA-256 are kept"
              + " (default: $XDG_CACHE_HOME/samovar/mt-bench or ~/.cache/samovar/mt-bench).")
  private Path cacheDir;

  Optional<BenchSet> bench() {
    return Optional.ofNullable(bench);
  }

  Optional<Path> questions() {
    return Optional.ofNullable(questions);
  }

  /** Fails unless exactly one of --bench and --questions is given. */
  void requireOne(CommandLine commandLine) {
    if (bench == null && questions == null) {
      throw new ParameterException(
          commandLine, "pass --bench en|ru|ru-lightblue or --questions FILE");
    }
    if (bench != null && questions != null) {
      throw new ParameterException(commandLine, "pass either --bench or --questions, not both");
    }
  }

  /** The inputs, downloading into the cache folder (progress to {@code notes}). */
  MtInputs inputs(Map<String, String> env, PrintWriter notes) {
    Path dir = cacheDir != null ? cacheDir : DataCache.defaultDir(env);
    return new MtInputs(
        bench(),
        new DataCache(
            dir,
            SourceFile.GITHUB_RAW,
            note -> {
              notes.println(note);
              notes.flush();
            }));
  }
}
