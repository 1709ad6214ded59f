package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.samovar.server.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chat page against the real engine: an answer streamed, kept over a reload, copied and
 * regenerated, and a generation stopped from the page.
 */
class ChatPageIT extends ChatPageFixture {
  private static void settings(Page page, String temperature, String maxTokens) {
    page.locator("#toggle-settings").click();
    page.locator("#temperature").fill(temperature);
    page.locator("#max-tokens").fill(maxTokens);
    page.locator("#toggle-settings").click();
  }

  private static String words(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  @Test
  void streamsAnAnswerThatIsStillThereAfterAReload() throws Exception {
    Page page = open("ru-RU");
    PlaywrightAssertions.assertThat(page.locator("#model")).hasText("tiny");
    settings(page, "0", "12");
    send(page, QUESTION);

    Locator answer = page.locator(".message.assistant").last();
    PlaywrightAssertions.assertThat(answer.locator(".stats"))
        .containsText(Pattern.compile("^12 ток\\. · первый токен \\d+ мс · [\\d.]+ ток/с$"));
    HttpResponse<String> reference =
        server.post(
            "/v1/chat/completions",
            Json.MAPPER.writeValueAsString(
                Map.of(
                    "model",
                    "tiny",
                    "temperature",
                    0,
                    "top_p",
                    0.9,
                    "max_tokens",
                    12,
                    "messages",
                    List.of(Map.of("role", "user", "content", QUESTION)))));
    String expected =
        Json.MAPPER.readTree(reference.body()).at("/choices/0/message/content").asText();
    assertThat(expected).isNotBlank();
    assertThat(words(answer.locator(".content").innerText())).isEqualTo(words(expected));
    assertThat(page.locator(".message.user .content").innerText()).isEqualTo(QUESTION);
    screenshot(page, "answer.png");

    page.reload();
    PlaywrightAssertions.assertThat(page.locator("#chats .chat-title")).hasText(QUESTION);
    PlaywrightAssertions.assertThat(page.locator(".message")).hasCount(2);
    assertThat(words(page.locator(".message.assistant .content").innerText()))
        .isEqualTo(words(expected));
    PlaywrightAssertions.assertThat(page.locator(".message.assistant .stats"))
        .containsText("12 ток.");

    page.locator(".message.assistant .copy").click();
    PlaywrightAssertions.assertThat(page.locator(".message.assistant .copy"))
        .hasText("Скопировано");
    assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(expected);

    page.evaluate("() => { document.querySelector('.message.assistant').dataset.old = '1'; }");
    page.getByText("Ответить заново").click();
    PlaywrightAssertions.assertThat(page.locator(".message.assistant:not([data-old])")).hasCount(1);
    PlaywrightAssertions.assertThat(page.locator(".message.assistant .stats"))
        .containsText(Pattern.compile("^12 ток\\. · "));
    PlaywrightAssertions.assertThat(page.locator(".message")).hasCount(2);
    assertThat(words(page.locator(".message.assistant .content").innerText()))
        .isEqualTo(words(expected));
    page.setViewportSize(960, 600);
    PlaywrightAssertions.assertThat(page.locator("#sidebar")).isVisible();
    screenshot(page, "desktop.png");
  }

  @Test
  void stopEndsTheGenerationOnTheServer() throws Exception {
    Page page = open("en-US");
    settings(page, "0", "");
    send(page, QUESTION);

    PlaywrightAssertions.assertThat(page.locator("#stop")).isVisible();
    page.waitForFunction(
        "() => { const m = document.querySelector('.message.streaming .content');"
            + " return m !== null && m.innerText.length > 40; }");
    JsonNode busy = server.get("/slots");
    assertThat(busy.at("/slots/0/state").asText()).isEqualTo("generating");
    double cancelledBefore = cancelledCount();
    page.locator("#stop").click();

    server.awaitIdle(Duration.ofSeconds(5));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (cancelledCount() < cancelledBefore + 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cancelledCount())
        .as("samovar_requests_finished_total{reason=\"cancelled\"} after Stop")
        .isEqualTo(cancelledBefore + 1);
    PlaywrightAssertions.assertThat(page.locator("#send")).isVisible();
    PlaywrightAssertions.assertThat(page.locator(".message.assistant .stats"))
        .hasText(Pattern.compile("^first token \\d+ ms · stopped$"));
    PlaywrightAssertions.assertThat(page.locator("#error")).isHidden();
  }

  /** The server's count of cancelled requests, from its Prometheus text at {@code /metrics}. */
  private static double cancelledCount() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response
        .body()
        .lines()
        .filter(line -> line.startsWith("samovar_requests_finished_total{"))
        .filter(line -> line.contains("reason=\"cancelled\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
