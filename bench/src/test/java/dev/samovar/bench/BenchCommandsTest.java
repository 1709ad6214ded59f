package dev.samovar.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.bench.testing.Cli;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchCommandsTest {
  @Test
  void namesTheMissingCommand() {
    Cli.Result bench = Cli.run(Map.of(), "bench");
    Cli.Result mt = Cli.run(Map.of(), "bench", "mt");

    assertThat(bench.exitCode()).isEqualTo(2);
    assertThat(bench.err())
        .isEqualTo("samovar bench: missing command; try 'samovar bench mt|load' (see --help)\n");
    assertThat(mt.exitCode()).isEqualTo(2);
    assertThat(mt.err())
        .isEqualTo(
            "samovar bench mt: missing command; try 'samovar bench mt answer|judge|report' (see"
                + " --help)\n");
  }

  @Test
  void helpListsTheSubcommands() {
    Cli.Result help = Cli.run(Map.of(), "bench", "mt", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("Usage: samovar bench mt [-h] COMMAND")
        .contains("answer")
        .contains("judge")
        .contains("report");
  }

  @Test
  void answerHelpShowsFastChatsDefaults() {
    Cli.Result help = Cli.run(Map.of(), "bench", "mt", "answer", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains("--max-tokens=N")
        .contains("(default: 1024, as FastChat)")
        .contains("(default: 16, FastChat's API_MAX_RETRY)")
        .contains("(default: 10, FastChat's API_RETRY_SLEEP)");
  }

  @Test
  void anUnknownQuestionSetIsAUsageError() {
    Cli.Result result =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "answer",
            "--bench",
            "de",
            "--endpoint",
            "http://h/v1",
            "--model",
            "m",
            "--out",
            "a.jsonl");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("samovar bench mt answer: Invalid value for option '--bench': ")
        .contains("unknown question set 'de'; expected one of en, ru, ru-lightblue");
  }
}
