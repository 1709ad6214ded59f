package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The chat page when the server says no, over scripted answers: a busy server, a missing API key, a
 * conversation too long for the context, a network failure, and a model still loading.
 */
class ChatPageErrorsIT extends ChatPageFixture {
  @Test
  void explainsBusyMissingKeyTooLongAndNetworkFailures() {
    Page page = open("en-US");
    Deque<Consumer<Route>> replies = new ArrayDeque<>();
    List<String> authorizations = new ArrayList<>();
    replies.add(
        route -> route.fulfill(error(429, "rate_limit_exceeded", Map.of("Retry-After", "2"))));
    replies.add(route -> route.fulfill(error(401, "invalid_api_key", Map.of())));
    replies.add(route -> route.fulfill(error(400, "context_length_exceeded", Map.of())));
    replies.add(route -> route.abort("connectionreset"));
    page.route(
        "**/v1/chat/completions",
        route -> {
          authorizations.add(String.valueOf(route.request().headers().get("authorization")));
          replies.removeFirst().accept(route);
        });
    Locator banner = page.locator("#error");

    send(page, QUESTION);
    PlaywrightAssertions.assertThat(banner).hasText("The server is busy. Retrying in 2 s.");
    PlaywrightAssertions.assertThat(banner).hasText("The server is busy. Retrying in 1 s.");
    PlaywrightAssertions.assertThat(banner)
        .hasText(
            "The server needs an API key: enter it in the settings (it is kept in this browser"
                + " only).");
    PlaywrightAssertions.assertThat(page.locator("#api-key")).isFocused();
    page.locator("#api-key").fill("sk-test");

    send(page, "ещё раз");
    PlaywrightAssertions.assertThat(banner)
        .hasText("The conversation no longer fits the model's context. Start a new chat. New chat");
    banner.getByText("New chat").click();
    PlaywrightAssertions.assertThat(page.locator("#chats .chat-item")).hasCount(2);
    PlaywrightAssertions.assertThat(page.locator(".message")).hasCount(0);

    send(page, "снова");
    PlaywrightAssertions.assertThat(banner)
        .hasText("The server cannot be reached. Check the connection and try again.");
    assertThat(authorizations).containsExactly("null", "null", "Bearer sk-test", "Bearer sk-test");
  }

  @Test
  void showsALoadingBannerAndPollsUntilTheServerIsReady() {
    Page page = page("en-US");
    List<Long> polls = new ArrayList<>();
    page.route(
        "**/ready",
        route -> {
          polls.add(System.nanoTime());
          route.fulfill(
              polls.size() < 3
                  ? error(503, "model_loading", Map.of())
                  : new Route.FulfillOptions().setStatus(200).setBody("{\"status\":\"ready\"}"));
        });
    page.navigate(url());

    Locator banner = page.locator("#loading-banner");
    PlaywrightAssertions.assertThat(banner)
        .hasText("The model is loading… The page works as soon as the server is ready.");
    PlaywrightAssertions.assertThat(page.locator("#ready")).hasText("loading");
    PlaywrightAssertions.assertThat(page.locator("#send")).isDisabled();
    screenshot(page, "loading.png");
    PlaywrightAssertions.assertThat(page.locator("#ready"))
        .hasText("ready", new LocatorAssertions.HasTextOptions().setTimeout(10_000));
    PlaywrightAssertions.assertThat(banner).isHidden();
    PlaywrightAssertions.assertThat(page.locator("#model")).hasText("tiny");
    PlaywrightAssertions.assertThat(page.locator("#send")).isEnabled();
    page.waitForTimeout(2500);
    assertThat(polls).hasSize(3);
    for (int i = 1; i < polls.size(); i++) {
      assertThat(Duration.ofNanos(polls.get(i) - polls.get(i - 1)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }
  }
}
