package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

  /**
   * Scrapes until {@code sample} has the value {@code expected}, for at most five seconds: a
   * request is counted once its handler has returned, which may be just after the client has read
   * the answer. Returns the last scrape either way, so that the caller's assertions tell what
   * differs.
   */
  static Scrape once(TestServer server, String sample, double expected) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Scrape scrape = of(server);
    while (scrape.value(sample) != expected && System.nanoTime() - until < 0) {
      Thread.sleep(20);
      scrape = of(server);
    }
    return scrape;
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
