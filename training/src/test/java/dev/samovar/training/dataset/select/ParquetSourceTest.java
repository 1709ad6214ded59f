package dev.samovar.training.dataset.select;

import static dev.samovar.training.dataset.select.TagengoRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.training.TrainingException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSourceTest {
  @TempDir Path dir;

  @Test
  void parquetAndJsonlWithTheSameRowsGiveTheSameOutput() throws Exception {
    List<String> rows =
        List.of(
            row("r1", "Russian", "ru", "Привет", "Ещё вопрос"),
            row("r2", "Russian", null, "Как дела?"),
            row("r3", "Russian", "ru", " Как   дела? "),
            row("e1", "English", "en", ""),
            row("e2", "English", "en", "Hello there, how are you?"),
            row("e3", "English", "en", "Short"),
            row("z1", "Chinese", "zh-cn", "你好"),
            row("j1", "Japanese", "ja", "こんにちは"));
    Path jsonl = TagengoRows.jsonl(dir.resolve("rows.jsonl"), rows);
    Path parquet = TagengoRows.parquet(jsonl, dir.resolve("rows.parquet"));

    String fromJsonl = select(jsonl, dir.resolve("a.jsonl"));
    String fromParquet = select(parquet, dir.resolve("b.jsonl"));

    assertThat(Files.readString(dir.resolve("b.jsonl")))
        .isEqualTo(Files.readString(dir.resolve("a.jsonl")))
        .isEqualTo(
            """
            {"id":"e3","language":"English","lang":"en","turns":["Short"]}
            {"id":"r1","language":"Russian","lang":"ru","turns":["Привет","Ещё вопрос"]}
            {"id":"r2","language":"Russian","lang":"ru","turns":["Как дела?"]}
            {"id":"z1","language":"Chinese","lang":"zh","turns":["你好"]}
            """);
    assertThat(fromParquet).isEqualTo(fromJsonl).contains("      total               8");
  }

  @Test
  void aFileThatIsNotParquetFailsWithDuckDbsReason() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.parquet"), "not parquet");
    assertThatThrownBy(() -> select(junk, dir.resolve("out.jsonl")))
        .isInstanceOf(TrainingException.class)
        .hasMessageStartingWith("cannot read " + junk + " as Parquet: ");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }

  @Test
  void rowsComeInFileOrderNumberedFromOne() throws Exception {
    Path jsonl =
        TagengoRows.jsonl(
            dir.resolve("rows.jsonl"),
            List.of(row("b", "English", "en", "1"), row("a", "English", "en", "2")));
    Path parquet = TagengoRows.parquet(jsonl, dir.resolve("rows.parquet"));
    List<String> seen = new ArrayList<>();
    new ParquetSource(parquet).read((number, json, bytes) -> seen.add(number + " " + json));
    assertThat(seen)
        .containsExactly(
            "1 {\"conversation_id\":\"b\",\"conversations\":[{\"from\":\"human\",\"value\":\"1\"},"
                + "{\"from\":\"gpt\",\"value\":\"answer 1\"}],\"language\":\"English\","
                + "\"lang_detect_result\":{\"lang\":\"en\",\"score\":0.99},"
                + "\"response\":[\"answer 1\"]}",
            "2 {\"conversation_id\":\"a\",\"conversations\":[{\"from\":\"human\",\"value\":\"2\"},"
                + "{\"from\":\"gpt\",\"value\":\"answer 1\"}],\"language\":\"English\","
                + "\"lang_detect_result\":{\"lang\":\"en\",\"score\":0.99},"
                + "\"response\":[\"answer 1\"]}");
  }

  /** Runs a selection of {@code input} and returns the summary, without the progress line. */
  private static String select(Path input, Path output) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    SelectRun.run(
        new SelectRun.Options(
            input, output, LangSpec.parse("ru=all,en=1,zh=all"), 11, new Budget.Chars(20), false),
        new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(err.toString()).isEmpty();
    String text = out.toString();
    return text.substring(text.indexOf("seed "));
  }
}
