package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.client.Json;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's JSON keys, CSV rows, terminal table and charts from known levels. */
class LoadReportTest {
  private static final long MS = 1_000_000;

  @TempDir Path dir;

  /** A level of {@code n} requests each TTFT {@code ttft} ms, 4 tokens 10 ms apart, in 1 s. */
  private static LevelStats level(int concurrency, int n, long ttft, int failures) {
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      outcomes.add(
          new Outcome.Completed(
              0,
              new long[] {ttft * MS, (ttft + 10) * MS, (ttft + 20) * MS, (ttft + 30) * MS},
              (ttft + 30) * MS,
              OptionalInt.of(100),
              4,
              true));
    }
    for (int i = 0; i < failures; i++) {
      outcomes.add(new Outcome.Failed("HTTP 500", "HTTP 500: boom"));
    }
    return LevelStats.of(concurrency, outcomes, 1_000 * MS, Optional.of(Slo.parse("ttft_ms=150")));
  }

  private static LoadReport report() {
    ObjectNode config = Json.MAPPER.createObjectNode().put("requests_per_level", 4);
    TargetResult a =
        new TargetResult(
            "engine-direct",
            "/models/m.gguf",
            "m",
            List.of(level(1, 4, 100, 0), level(2, 4, 200, 0)));
    TargetResult b =
        new TargetResult(
            "http",
            "http://h:1/v1/chat/completions",
            "m",
            List.of(level(1, 2, 200, 2), level(2, 0, 0, 4)));
    return new LoadReport(config, a, Optional.of(b), true);
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      keys.add(names.next());
    }
    return keys;
  }

  @Test
  void jsonHasEveryKeyPerLevelAndTheRatios() {
    JsonNode json = report().json();

    assertThat(keys(json)).containsExactly("config", "target", "levels", "compare", "ratio");
    assertThat(json.get("config").get("requests_per_level").intValue()).isEqualTo(4);
    assertThat(json.get("target").toString())
        .isEqualTo("{\"kind\":\"engine-direct\",\"location\":\"/models/m.gguf\",\"model\":\"m\"}");
    JsonNode first = json.get("levels").get(0);
    assertThat(keys(first))
        .containsExactly(
            "concurrency",
            "completed",
            "errors",
            "duration_s",
            "requests_per_s",
            "output_tokens_per_s",
            "goodput_per_s",
            "input_tokens_mean",
            "output_tokens_mean",
            "output_tokens_source",
            "ttft_ms",
            "tpot_ms",
            "itl_ms",
            "e2e_ms");
    assertThat(first.get("requests_per_s").doubleValue()).isEqualTo(4);
    assertThat(first.get("output_tokens_per_s").doubleValue()).isEqualTo(16);
    assertThat(first.get("goodput_per_s").doubleValue()).isEqualTo(4);
    assertThat(first.get("ttft_ms").toString())
        .isEqualTo("{\"count\":4,\"mean\":100.0,\"p50\":100.0,\"p90\":100.0,\"p99\":100.0}");
    assertThat(first.get("tpot_ms").get("mean").doubleValue()).isEqualTo(10);
    assertThat(first.get("e2e_ms").get("p99").doubleValue()).isEqualTo(130);
    assertThat(json.get("levels").get(1).get("goodput_per_s").doubleValue()).isZero();

    JsonNode compared = json.get("compare").get("levels").get(0);
    assertThat(compared.get("errors").toString())
        .isEqualTo(
            "{\"count\":2,\"by_kind\":{\"HTTP 500\":2},\"first_message\":{\"HTTP 500\":\"HTTP 500: boom\"}}");
    JsonNode empty = json.get("compare").get("levels").get(1);
    assertThat(empty.get("completed").intValue()).isZero();
    assertThat(empty.get("ttft_ms").toString())
        .isEqualTo("{\"count\":0,\"mean\":null,\"p50\":null,\"p90\":null,\"p99\":null}");
    assertThat(empty.get("output_tokens_mean").isNull()).isTrue();

    JsonNode ratio = json.get("ratio");
    assertThat(ratio.get("of").textValue()).isEqualTo("compare / main");
    JsonNode one = ratio.get("levels").get(0);
    assertThat(one.get("concurrency").intValue()).isEqualTo(1);
    assertThat(one.get("requests_per_s").doubleValue()).isEqualTo(0.5);
    assertThat(one.get("ttft_ms").get("p50").doubleValue()).isEqualTo(2);
    assertThat(one.get("goodput_per_s").doubleValue()).isZero();
    assertThat(ratio.get("levels").get(1).get("ttft_ms").get("mean").isNull()).isTrue();
  }

  @Test
  void csvHasARowPerLevelAndTarget() {
    List<String> lines = report().csv().lines().toList();

    assertThat(lines).hasSize(5);
    assertThat(lines.getFirst())
        .isEqualTo(
            "target,kind,location,model,concurrency,completed,errors,duration_s,requests_per_s,"
                + "output_tokens_per_s,goodput_per_s,input_tokens_mean,output_tokens_mean,"
                + "ttft_ms_mean,ttft_ms_p50,ttft_ms_p90,ttft_ms_p99,tpot_ms_mean,tpot_ms_p50,"
                + "tpot_ms_p90,tpot_ms_p99,itl_ms_mean,itl_ms_p50,itl_ms_p90,itl_ms_p99,"
                + "e2e_ms_mean,e2e_ms_p50,e2e_ms_p90,e2e_ms_p99");
    assertThat(lines.get(1))
        .isEqualTo(
            "main,engine-direct,/models/m.gguf,m,1,4,0,1.0000,4.0000,16.0000,4.0000,100.0000,"
                + "4.0000,100.0000,100.0000,100.0000,100.0000,10.0000,10.0000,10.0000,10.0000,"
                + "10.0000,10.0000,10.0000,10.0000,130.0000,130.0000,130.0000,130.0000");
    assertThat(lines.get(4))
        .startsWith(
            "compare,http,http://h:1/v1/chat/completions,m,2,0,4,1.0000,0.0000,0.0000,0.0000,,,,");
  }

  @Test
  void theTableShowsBothTargetsTheirErrorsAndTheRatios() {
    String text = report().text();

    assertThat(text)
        .startsWith("A: engine-direct /models/m.gguf, model m (latencies in ms)\n")
        .contains("\nB: http http://h:1/v1/chat/completions, model m (latencies in ms)\n")
        .contains("concurrency 1: 2 x HTTP 500 (first: HTTP 500: boom)\n")
        .contains("concurrency 2: 4 x HTTP 500 (first: HTTP 500: boom)\n")
        .contains("ratio B/A (latency > 1: B slower; throughput > 1: B faster)\n");
    List<String> lines = text.lines().toList();
    assertThat(lines.get(1))
        .isEqualTo(
            "conc  ok  err  req/s  tok/s  good/s  in tok  out tok  TTFT mean  TTFT p50  TTFT p90"
                + "  TTFT p99  TPOT mean  TPOT p50  TPOT p90  TPOT p99  ITL mean  ITL p50  ITL p90"
                + "  ITL p99  E2E mean  E2E p50  E2E p90  E2E p99");
    assertThat(lines.get(2)).matches("-+( +-+)+").hasSameSizeAs(lines.get(1));
    assertThat(lines.get(3).split(" +"))
        .containsExactly(
            "", "1", "4", "0", "4.00", "16.0", "4.00", "100.0", "4.0", "100.0", "100.0", "100.0",
            "100.0", "10.0", "10.0", "10.0", "10.0", "10.0", "10.0", "10.0", "10.0", "130.0",
            "130.0", "130.0", "130.0");
    assertThat(lines.getLast().split(" +")).contains("n/a");
  }

  @Test
  void chartsAreTwoPngs() throws Exception {
    List<Path> files = Charts.write(report(), dir.resolve("charts"));

    assertThat(files)
        .containsExactly(dir.resolve("charts/latency.png"), dir.resolve("charts/throughput.png"));
    for (Path file : files) {
      BufferedImage image = ImageIO.read(file.toFile());
      assertThat(image.getWidth()).isEqualTo(1000);
      assertThat(image.getHeight()).isEqualTo(560);
    }
  }
}
