package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.bench.testing.Cli;
import dev.samovar.client.Json;
import dev.samovar.models.testdata.TestData;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.testkit.ServerProcess;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samovar bench load} for real: against samovar's own server (its packaged jar serving the
 * tiny model), through the in-process engine on the tiny model file, and the two compared.
 */
@Timeout(300)
class LoadIT {
  private static final int OUTPUT_TOKENS = 6;
  private static final int REQUESTS = 4;

  @TempDir static Path dir;
  private static ServerProcess server;
  private static Path tiny;

  @BeforeAll
  static void start() throws Exception {
    server = new ServerProcess(dir, 2);
    tiny = dir.resolve("tiny.gguf");
    TinyModel.write(tiny);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static Cli.Result load(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "bench";
    all[1] = "load";
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(Map.of(), all);
  }

  /** Checks one target's levels: every request completed with exactly the asked output. */
  private static void assertComplete(JsonNode levels, List<Integer> concurrency) {
    assertThat(levels).hasSize(concurrency.size());
    for (int i = 0; i < concurrency.size(); i++) {
      JsonNode level = levels.get(i);
      assertThat(level.get("concurrency").intValue()).isEqualTo(concurrency.get(i));
      assertThat(level.get("completed").intValue()).isEqualTo(REQUESTS);
      assertThat(level.get("errors").get("count").intValue()).isZero();
      assertThat(level.get("output_tokens_mean").doubleValue()).isEqualTo(OUTPUT_TOKENS);
      assertThat(level.get("output_tokens_source").textValue()).isEqualTo("usage");
      assertThat(level.get("input_tokens_mean").doubleValue()).isPositive();
      assertThat(level.get("requests_per_s").doubleValue()).isPositive();
      assertThat(level.get("output_tokens_per_s").doubleValue())
          .isEqualTo(level.get("requests_per_s").doubleValue() * OUTPUT_TOKENS, within());
      for (String metric : List.of("ttft_ms", "tpot_ms", "itl_ms", "e2e_ms")) {
        JsonNode stats = level.get(metric);
        assertThat(stats.get("count").intValue()).as(metric).isPositive();
        double p50 = stats.get("p50").doubleValue();
        double p90 = stats.get("p90").doubleValue();
        double p99 = stats.get("p99").doubleValue();
        assertThat(p50).as(metric).isNotNegative().isLessThanOrEqualTo(p90);
        assertThat(p90).as(metric).isLessThanOrEqualTo(p99);
        assertThat(stats.get("mean").doubleValue()).as(metric).isNotNegative();
      }
      assertThat(level.get("ttft_ms").get("count").intValue()).isEqualTo(REQUESTS);
      assertThat(level.get("itl_ms").get("count").intValue())
          .isLessThanOrEqualTo(REQUESTS * (OUTPUT_TOKENS - 1));
      assertThat(level.get("ttft_ms").get("p99").doubleValue())
          .isLessThanOrEqualTo(level.get("e2e_ms").get("p99").doubleValue());
      assertThat(level.get("ttft_ms").get("mean").doubleValue())
          .isLessThanOrEqualTo(level.get("e2e_ms").get("mean").doubleValue());
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }

  @Test
  void measuresSamovarsServerOverHttpIntoACompleteReport() throws Exception {
    Path json = dir.resolve("http/report.json");
    Path csv = dir.resolve("http/report.csv");
    Path charts = dir.resolve("http/charts");

    Cli.Result result =
        load(
            "--endpoint",
            server.baseUrl(),
            "--model",
            "tiny",
            "--concurrency",
            "1,2",
            "--requests",
            String.valueOf(REQUESTS),
            "--input-tokens",
            "48",
            "--output-tokens",
            String.valueOf(OUTPUT_TOKENS),
            "--slo",
            "e2e_ms=600000",
            "--json",
            json.toString(),
            "--csv",
            csv.toString(),
            "--charts",
            charts.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(json.toFile());
    List<String> keys = keys(report);
    assertThat(keys).containsExactly("config", "target", "levels");
    JsonNode config = report.get("config");
    for (String key :
        List.of(
            "started",
            "finished",
            "endpoint",
            "model",
            "concurrency",
            "requests_per_level",
            "rate_per_s",
            "dataset",
            "input_tokens",
            "output_tokens",
            "ignore_eos",
            "temperature",
            "warmup",
            "rounds",
            "seed",
            "request_timeout_s",
            "slo",
            "synthetic_words",
            "calibrated_prompt_tokens")) {
      assertThat(config.has(key)).as("config.%s", key).isTrue();
    }
    int calibrated = config.get("calibrated_prompt_tokens").intValue();
    // The tiny model's vocabulary makes most words several tokens: within a few of 48.
    assertThat(calibrated).isBetween(44, 52);
    assertComplete(report.get("levels"), List.of(1, 2));
    for (JsonNode level : report.get("levels")) {
      // every request has the same six-digit number and words: the same prompt length
      assertThat(level.get("input_tokens_mean").doubleValue()).isEqualTo(calibrated);
      assertThat(level.get("goodput_per_s").doubleValue())
          .isEqualTo(level.get("requests_per_s").doubleValue());
    }
    assertThat(Files.readAllLines(csv)).hasSize(3);
    for (String png : List.of("latency.png", "throughput.png")) {
      BufferedImage image = ImageIO.read(charts.resolve(png).toFile());
      assertThat(image.getWidth()).isEqualTo(1000);
    }
    assertThat(result.out()).contains("http " + server.baseUrl() + "/chat/completions, model tiny");
  }

  @Test
  void engineDirectRunsTheSameWorkloadWithoutHttp() throws Exception {
    Path json = dir.resolve("direct.json");

    Cli.Result result =
        load(
            "--engine-direct",
            tiny.toString(),
            "--threads",
            "1",
            "--backend",
            "cpu",
            "--dataset",
            "mt-bench",
            "--questions",
            TestData.file("mt-bench/en/question.jsonl").toString(),
            "--concurrency",
            "1,2",
            "--requests",
            String.valueOf(REQUESTS),
            "--output-tokens",
            String.valueOf(OUTPUT_TOKENS),
            "--json",
            json.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(json.toFile());
    assertThat(report.get("target").toString())
        .isEqualTo(
            "{\"kind\":\"engine-direct\",\"location\":"
                + Json.MAPPER.writeValueAsString(tiny.toString())
                + ",\"model\":\"tiny\"}");
    assertThat(report.get("config").get("engine").textValue()).contains("2 sequences");
    assertComplete(report.get("levels"), List.of(1, 2));
  }

  @Test
  void comparesTheServerWithTheEngineInterleaved() throws Exception {
    Path json = dir.resolve("compare.json");

    Cli.Result result =
        load(
            "--engine-direct",
            tiny.toString(),
            "--threads",
            "1",
            "--backend",
            "cpu",
            "--compare-endpoint",
            server.baseUrl(),
            "--compare-model",
            "tiny",
            "--concurrency",
            "2",
            "--rounds",
            "2",
            "--requests",
            String.valueOf(REQUESTS / 2),
            "--input-tokens",
            "48",
            "--output-tokens",
            String.valueOf(OUTPUT_TOKENS),
            "--json",
            json.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("[A concurrency 2 round 1/2] 2/2 done, 0 errors\n")
        .contains("[B concurrency 2 round 2/2] 2/2 done, 0 errors\n");
    assertThat(result.out()).contains("ratio B/A");
    JsonNode report = Json.MAPPER.readTree(json.toFile());
    assertThat(keys(report)).containsExactly("config", "target", "levels", "compare", "ratio");
    assertComplete(report.get("levels"), List.of(2));
    assertComplete(report.get("compare").get("levels"), List.of(2));
    assertThat(report.get("compare").get("target").get("kind").textValue()).isEqualTo("http");
    JsonNode ratio = report.get("ratio").get("levels").get(0);
    assertThat(ratio.get("output_tokens_per_s").doubleValue())
        .isEqualTo(
            report.get("compare").get("levels").get(0).get("output_tokens_per_s").doubleValue()
                / report.get("levels").get(0).get("output_tokens_per_s").doubleValue(),
            within());
    assertThat(ratio.get("ttft_ms").get("p50").doubleValue()).isPositive();
    // the same prompts went to both: the same prompt lengths
    assertThat(report.get("compare").get("levels").get(0).get("input_tokens_mean").doubleValue())
        .isEqualTo(report.get("levels").get(0).get("input_tokens_mean").doubleValue());
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new java.util.ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      keys.add(names.next());
    }
    return keys;
  }
}
