package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.bench.testing.Cli;
import dev.samovar.client.Json;
import dev.samovar.models.testdata.TestData;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code samovar bench load} end to end against scripted endpoints, and its usage errors. */
@Timeout(120)
class LoadCommandTest {
  @TempDir Path dir;

  /**
   * Counts 10 prompt tokens plus one per word after the request number; answers one token per
   * requested token; request 3 gets a 500, request 8 an error event, request 9 a broken stream.
   */
  private static StreamingServer.Script wordCounting() {
    return (exchange, body, n) -> {
      JsonNode messages = body.get("messages");
      String text = messages.get(messages.size() - 1).get("content").textValue();
      int prompt = 10 + text.split(" ").length - 1;
      int tokens = body.get("max_tokens").intValue();
      int index = Integer.parseInt(text.substring(0, 6));
      if (tokens > 1 && index == 3) {
        StreamingServer.error(exchange, 500, "boom");
      } else if (tokens > 1 && index == 8) {
        OutputStream out = StreamingServer.open(exchange);
        StreamingServer.event(out, StreamingServer.content("a"));
        StreamingServer.event(out, "{\"error\":{\"message\":\"engine failed\"}}");
      } else if (tokens > 1 && index == 9) {
        OutputStream out = StreamingServer.open(exchange);
        StreamingServer.event(out, StreamingServer.content("a"));
      } else {
        String[] pieces = new String[tokens];
        java.util.Arrays.fill(pieces, " да");
        StreamingServer.stream(exchange, 0, prompt, tokens, pieces);
      }
    };
  }

  @Test
  void measuresEveryLevelCountsFailuresByKindAndWritesTheReport() throws Exception {
    try (StreamingServer server = new StreamingServer(wordCounting())) {
      Path json = dir.resolve("out/report.json");
      Path csv = dir.resolve("out/report.csv");
      Cli.Result result =
          Cli.run(
              Map.of("KEY", "k-123"),
              "bench",
              "load",
              "--endpoint",
              server.baseUrl(),
              "--model",
              "scripted",
              "--api-key-env",
              "KEY",
              "--concurrency",
              "1,2",
              "--requests",
              "5",
              "--warmup",
              "0",
              "--input-tokens",
              "40",
              "--output-tokens",
              "3",
              "--slo",
              "ttft_ms=60000",
              "--json",
              json.toString(),
              "--csv",
              csv.toString(),
              "--charts",
              dir.resolve("charts").toString());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.err())
          .startsWith("calibrated synthetic prompts: 30 words = 40 prompt tokens (asked 40)\n")
          .contains("[concurrency 1] 5/5 done, 1 errors\n")
          .contains("[concurrency 2] 5/5 done, 2 errors\n");
      assertThat(result.out())
          .startsWith("http " + server.baseUrl() + "/chat/completions, model scripted")
          .contains("concurrency 1: 1 x HTTP 500 (first: HTTP 500: boom)\n")
          .contains("concurrency 2: 1 x broken stream (first: the stream ended before data:")
          .contains(
              "concurrency 2: 1 x error event (first: the stream sent an error: engine failed)\n")
          .endsWith(
              "json: "
                  + json
                  + "\ncsv: "
                  + csv
                  + "\nchart: "
                  + dir.resolve("charts/latency.png")
                  + "\nchart: "
                  + dir.resolve("charts/throughput.png")
                  + "\n");

      JsonNode report = Json.MAPPER.readTree(json.toFile());
      JsonNode config = report.get("config");
      assertThat(config.get("calibrated_prompt_tokens").intValue()).isEqualTo(40);
      assertThat(config.get("synthetic_words").intValue()).isEqualTo(30);
      assertThat(config.get("concurrency").toString()).isEqualTo("[1,2]");
      assertThat(config.get("slo").textValue()).isEqualTo("ttft_ms=60000");
      JsonNode one = report.get("levels").get(0);
      assertThat(one.get("completed").intValue()).isEqualTo(4);
      assertThat(one.get("errors").get("by_kind").toString()).isEqualTo("{\"HTTP 500\":1}");
      assertThat(one.get("input_tokens_mean").doubleValue()).isEqualTo(40);
      assertThat(one.get("output_tokens_mean").doubleValue()).isEqualTo(3);
      assertThat(one.get("output_tokens_source").textValue()).isEqualTo("usage");
      assertThat(one.get("ttft_ms").get("count").intValue()).isEqualTo(4);
      assertThat(one.get("itl_ms").get("count").intValue()).isEqualTo(8);
      assertThat(one.get("goodput_per_s").doubleValue())
          .isEqualTo(one.get("requests_per_s").doubleValue());
      JsonNode two = report.get("levels").get(1);
      assertThat(two.get("completed").intValue()).isEqualTo(3);
      assertThat(two.get("errors").get("by_kind").toString())
          .isEqualTo("{\"broken stream\":1,\"error event\":1}");
      assertThat(report.has("compare")).isFalse();
      assertThat(Files.readAllLines(csv)).hasSize(3);
      assertThat(dir.resolve("charts/latency.png")).isNotEmptyFile();

      List<StreamingServer.Call> calls = server.calls();
      // calibration: no words, 7 words, 30 words; then 10 measured requests
      assertThat(calls).hasSize(13);
      assertThat(calls)
          .allSatisfy(
              call -> {
                assertThat(call.authorization()).isEqualTo("Bearer k-123");
                assertThat(call.body().get("ignore_eos").booleanValue()).isTrue();
                assertThat(call.body().get("stream").booleanValue()).isTrue();
              });
    }
  }

  @Test
  void anEndpointThatAlwaysFailsIsReportedAsErrorsNotACrash() throws Exception {
    try (StreamingServer server =
        new StreamingServer((exchange, body, n) -> StreamingServer.error(exchange, 503, "down"))) {
      Path json = dir.resolve("report.json");
      Cli.Result result =
          Cli.run(
              Map.of(),
              "bench",
              "load",
              "--endpoint",
              server.baseUrl(),
              "--model",
              "m",
              "--dataset",
              "mt-bench",
              "--questions",
              TestData.file("mt-bench/en/question.jsonl").toString(),
              "--concurrency",
              "2",
              "--requests",
              "4",
              "--no-ignore-eos",
              "--json",
              json.toString());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("concurrency 2: 4 x HTTP 503 (first: HTTP 503: down)\n");
      JsonNode level = Json.MAPPER.readTree(json.toFile()).get("levels").get(0);
      assertThat(level.get("completed").intValue()).isZero();
      assertThat(level.get("errors").get("count").intValue()).isEqualTo(4);
      assertThat(level.get("ttft_ms").get("p50").isNull()).isTrue();
      assertThat(server.calls())
          .hasSize(5)
          .allSatisfy(call -> assertThat(call.body().has("ignore_eos")).isFalse());
      assertThat(server.calls())
          .extracting(call -> call.body().get("messages").get(0).get("content").textValue())
          .anySatisfy(
              text ->
                  assertThat(text)
                      .startsWith(
                          "Compose an engaging travel blog post about a recent trip to Hawaii"));
    }
  }

  private static Cli.Result usage(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "bench";
    all[1] = "load";
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(Map.of(), all);
  }

  @Test
  void helpNamesTheIssuesFlags() {
    Cli.Result help = usage("--help");

    assertThat(help.exitCode()).isZero();
    for (String flag :
        List.of(
            "--endpoint=URL",
            "--model=NAME",
            "--concurrency=C",
            "--rate=R",
            "--requests=N",
            "--input-tokens=I",
            "--output-tokens=O",
            "--compare-endpoint=URL2",
            "--json=FILE",
            "--csv=FILE",
            "--charts=DIR",
            "--engine-direct=MODEL.gguf",
            "--slo=ttft_ms=MS,tpot_ms=MS,e2e_ms=MS")) {
      assertThat(help.out()).contains(flag);
    }
  }

  @Test
  void wrongUsageExitsWithTwoAndOneLine() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "never loaded");
    assertThat(usage("--model", "m").err())
        .isEqualTo(
            "samovar bench load: pass either --endpoint URL or --engine-direct MODEL.gguf (see"
                + " --help)\n");
    assertThat(usage("--endpoint", "http://h/v1", "--engine-direct", "m.gguf").exitCode())
        .isEqualTo(2);
    assertThat(usage("--endpoint", "http://h/v1").err())
        .isEqualTo("samovar bench load: --model is required with --endpoint (see --help)\n");
    assertThat(usage("--endpoint", "http://h/v1", "--model", "m", "--slo", "x=1").err())
        .isEqualTo(
            "samovar bench load: expected ttft_ms=MS,tpot_ms=MS,e2e_ms=MS (any of them): 'x=1'"
                + " (see --help)\n");
    assertThat(usage("--endpoint", "http://h/v1", "--model", "m", "--concurrency", "1,0").err())
        .isEqualTo("samovar bench load: concurrency levels must be >= 1: [1, 0] (see --help)\n");
    assertThat(usage("--endpoint", "http://h/v1", "--model", "m", "--dataset", "random").err())
        .isEqualTo(
            "samovar bench load: --dataset must be synthetic or mt-bench: 'random' (see --help)\n");
    assertThat(usage("--endpoint", "http://h/v1", "--model", "m", "--dataset", "mt-bench").err())
        .isEqualTo(
            "samovar bench load: pass --bench en|ru|ru-lightblue or --questions FILE (see"
                + " --help)\n");
    assertThat(usage("--endpoint", "http://h/v1", "--model", "m", "--parallel", "4").err())
        .isEqualTo(
            "samovar bench load: --parallel needs --engine-direct MODEL.gguf (see --help)\n");
    assertThat(
            usage("--engine-direct", model.toString(), "--concurrency", "1,8", "--parallel", "4")
                .err())
        .isEqualTo(
            "samovar bench load: --parallel 4 is below the highest --concurrency 8: requests"
                + " would queue inside the engine (see --help)\n");
    assertThat(usage("--endpoint", "http://h/v1", "--model", "m", "--compare-model", "x").err())
        .isEqualTo(
            "samovar bench load: --compare-model and --compare-api-key-env need"
                + " --compare-endpoint (see --help)\n");
    assertThat(usage("--engine-direct", model.toString(), "--api-key-env", "KEY").err())
        .isEqualTo("samovar bench load: --api-key-env goes with --endpoint (see --help)\n");
    assertThat(usage("--endpoint", "http://h/v1", "--model", "m", "--api-key-env", "NOPE").err())
        .isEqualTo(
            "samovar bench load: --api-key-env names NOPE, which is not set in the environment"
                + " (see --help)\n");
  }

  @Test
  void aModelFileThatIsMissingOrDoesNotLoadIsOneLine() throws Exception {
    Path missing = dir.resolve("missing.gguf");
    Cli.Result none = usage("--engine-direct", missing.toString());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo(
            "samovar bench load: --engine-direct: no such file: " + missing + " (see --help)\n");

    Path garbage = Files.writeString(dir.resolve("garbage.gguf"), "not a model");
    Cli.Result broken = usage("--engine-direct", garbage.toString(), "--backend", "cpu");
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.err())
        .startsWith("loading " + garbage + " in-process\nsamovar bench load: the engine failed: ")
        .hasLineCount(2);
  }
}
