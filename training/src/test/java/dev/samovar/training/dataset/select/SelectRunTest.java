package dev.samovar.training.dataset.select;

import static dev.samovar.training.dataset.select.TagengoRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.training.TrainingException;
import dev.samovar.training.dataset.PromptRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectRunTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Every kind of row: good, malformed, blank, duplicate, empty, too long, other language. */
  private List<String> mixedRows() {
    return List.of(
        row("r1", "Russian", "ru", "Привет"),
        row("r2", "Russian", "ru", "Как  дела?"),
        "{not json",
        "",
        row("r3", "Russian", "ru", "  Как дела?\t"),
        row("e1", "English", "en", "Hello"),
        row("e2", "English", "en", " "),
        row("e3", "English", "en", "This is too long"),
        row("d1", "German", "de", "Hallo"),
        "{\"language\":\"English\",\"conversations\":[{\"from\":\"human\",\"value\":\"x\"}]}",
        row("r1", "Russian", "ru", "Привет"),
        row("r1", "Russian", "ru", "Пока"),
        row("z1", "Chinese", "zh", "你好"));
  }

  @Test
  void selectsReportsMalformedRowsByLineAndPrintsTheSummary() throws Exception {
    Path input = TagengoRows.jsonl(dir.resolve("tagengo.jsonl"), mixedRows());
    Path output = dir.resolve("prompts.jsonl");

    List<PromptRecord> records =
        run(
            new SelectRun.Options(
                input, output, LangSpec.parse("ru=all,en=1,zh=5"), 7, new Budget.Chars(10), false));

    assertThat(records)
        .containsExactly(
            new PromptRecord("e1", "English", "en", List.of("Hello")),
            new PromptRecord("r1", "Russian", "ru", List.of("Привет")),
            new PromptRecord("r2", "Russian", "ru", List.of("Как  дела?")),
            new PromptRecord("z1", "Chinese", "zh", List.of("你好")));
    assertThat(PromptRecord.read(output)).isEqualTo(records);
    assertThat(Files.readAllLines(output))
        .hasSize(4)
        .first()
        .asString()
        .startsWith("{\"id\":\"e1\"");
    assertThat(err.toString().lines().toList())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).startsWith(input + ":3: not valid JSON: "))
        .satisfies(
            lines -> assertThat(lines.get(1)).isEqualTo(input + ":10: missing \"conversation_id\""))
        .satisfies(
            lines ->
                assertThat(lines.get(2))
                    .isEqualTo(
                        input
                            + ":12: conversation_id \"r1\" already used at "
                            + input
                            + ":1 with other turns"));
    assertThat(summary())
        .isEqualTo(
            """
            seed 7, at most 10 characters a prompt, duplicates by whitespace-normalised turns
            lang  language         read malformed  empty too long duplicates available wanted selected
            ru    Russian             5         1      0        0          2         2    all        2
            en    English             4         1      1        1          0         1      1        1
            zh    Chinese             1         0      0        0          0         1      5        1
            -     other               2         1      -        -          -         -      -        -
                  total              12         3      1        1          2         4               4
            zh: 5 wanted, only 1 available
            """);
  }

  @Test
  void strictFailsOnTheFirstMalformedRowAndWritesNothing() throws Exception {
    Path input = TagengoRows.jsonl(dir.resolve("tagengo.jsonl"), mixedRows());
    Path output = dir.resolve("prompts.jsonl");
    assertThatThrownBy(
            () ->
                run(
                    new SelectRun.Options(
                        input, output, LangSpec.parse("ru=all"), 7, new Budget.Chars(10), true)))
        .isInstanceOf(TrainingException.class)
        .hasMessageStartingWith(input + ":3: not valid JSON: ")
        .hasMessageEndingWith(" (--strict)");
    assertThat(dir.toFile().list()).containsExactly("tagengo.jsonl");
  }

  @Test
  void samplingDependsOnTheSeedAndTheIdsOnly() throws Exception {
    List<String> rows =
        IntStream.range(0, 200)
            .mapToObj(i -> row(String.format("e%03d", i), "English", "en", "question " + i))
            .toList();
    List<String> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(3));
    Path input = TagengoRows.jsonl(dir.resolve("a.jsonl"), rows);
    Path reordered = TagengoRows.jsonl(dir.resolve("b.jsonl"), shuffled);

    List<PromptRecord> first = select(input, "one.jsonl", 1);
    List<PromptRecord> again = select(input, "two.jsonl", 1);
    List<PromptRecord> otherOrder = select(reordered, "three.jsonl", 1);
    List<PromptRecord> otherSeed = select(input, "four.jsonl", 2);

    assertThat(first).hasSize(50).isEqualTo(again).isEqualTo(otherOrder);
    assertThat(Files.readString(dir.resolve("one.jsonl")))
        .isEqualTo(Files.readString(dir.resolve("three.jsonl")));
    assertThat(otherSeed).hasSize(50).isNotEqualTo(first);
    assertThat(first).isSortedAccordingTo(Comparator.comparing(PromptRecord::id));
    List<String> lowestRanks =
        IntStream.range(0, 200)
            .mapToObj(i -> String.format("e%03d", i))
            .sorted(Comparator.comparing(id -> SeededOrder.rank(1, id), Long::compareUnsigned))
            .limit(50)
            .sorted()
            .toList();
    assertThat(first).extracting(PromptRecord::id).isEqualTo(lowestRanks);
  }

  @Test
  void aMultiTurnConversationGivesItsHumanTurnsAndTheBudgetCountsThemAll() throws Exception {
    Path input =
        TagengoRows.jsonl(
            dir.resolve("t.jsonl"),
            List.of(
                row("m1", "Russian", "ru", "Раз", "Два"),
                row("m2", "Russian", "ru", "Три", "Четыре")));
    List<PromptRecord> records =
        run(
            new SelectRun.Options(
                input,
                dir.resolve("p.jsonl"),
                LangSpec.parse("ru=all"),
                0,
                new Budget.Chars(6),
                false));
    assertThat(records)
        .containsExactly(new PromptRecord("m1", "Russian", "ru", List.of("Раз", "Два")));
  }

  @Test
  void refusesAnExistingOutputBeforeReading() throws Exception {
    Path input = TagengoRows.jsonl(dir.resolve("t.jsonl"), List.of(row("a", "English", "en", "x")));
    Path output = Files.writeString(dir.resolve("p.jsonl"), "keep");
    assertThatThrownBy(
            () ->
                run(
                    new SelectRun.Options(
                        input, output, LangSpec.parse("en=all"), 0, new Budget.Chars(10), false)))
        .hasMessage("output " + output + " exists; remove it or choose another name");
    assertThat(Files.readString(output)).isEqualTo("keep");
  }

  @Test
  void failsWhenNothingIsSelected() throws Exception {
    Path input = TagengoRows.jsonl(dir.resolve("t.jsonl"), List.of(row("a", "English", "en", "x")));
    assertThatThrownBy(
            () ->
                run(
                    new SelectRun.Options(
                        input,
                        dir.resolve("p.jsonl"),
                        LangSpec.parse("ru=all,de=3"),
                        0,
                        new Budget.Chars(10),
                        false)))
        .hasMessage("no prompt of ru, de in " + input);
    assertThat(dir.resolve("p.jsonl")).doesNotExist();
  }

  @Test
  void textThatIsNotUtf8IsFatalWithItsLine() throws Exception {
    Path input = dir.resolve("t.jsonl");
    Files.write(
        input,
        (row("a", "English", "en", "x") + "\n{\"x\": \"\u00ff\"}\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(
            () ->
                run(
                    new SelectRun.Options(
                        input,
                        dir.resolve("p.jsonl"),
                        LangSpec.parse("en=all"),
                        0,
                        new Budget.Chars(10),
                        false)))
        .hasMessage(input + ":2: not UTF-8 text");
  }

  private List<PromptRecord> select(Path input, String output, long seed) throws Exception {
    return run(
        new SelectRun.Options(
            input,
            dir.resolve(output),
            LangSpec.parse("en=50"),
            seed,
            new Budget.Chars(100),
            false));
  }

  private List<PromptRecord> run(SelectRun.Options options) throws Exception {
    return SelectRun.run(options, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** What follows the progress line: the settings line and the table. */
  private String summary() {
    String text = out.toString();
    return text.substring(text.indexOf("seed "));
  }
}
