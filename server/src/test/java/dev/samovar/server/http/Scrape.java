package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** One scrape of {@code /metrics}: each sample line's value by its name and labels. */
final class Scrape {
  private final Map<String, Double> samples = new HashMap<>();
  private final String text;

  private Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
  }

  static Scrape of(TestServer server) throws Exception {
    HttpResponse<String> response = server.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    return new Scrape(response.body());
  }

  /** The sample's value; 0 when the series does not exist yet. */
  double value(String sample) {
    return samples.getOrDefault(sample, 0.0);
  }

  /** Whether the series exists. */
  boolean has(String sample) {
    return samples.containsKey(sample);
  }

  String text() {
    return text;
  }
}
