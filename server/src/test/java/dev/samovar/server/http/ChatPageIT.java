package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.LocatorAssertions.HasClassOptions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.samovar.server.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat page in a real headless Chromium (driven by Playwright) against the real server over the
 * tiny model, at a phone's 375 px width. Screenshots of the main states go to {@code <build
 * dir>/screenshots}.
 */
@Timeout(120)
class ChatPageIT {
  private static final int WIDTH = 375;
  private static final String QUESTION = "Привет! Как дела?";

  @TempDir static Path dir;
  private static TinyServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static Path screenshots;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    String buildDir = System.getProperty("samovar.build.dir");
    if (buildDir == null) {
      throw new AssertionError(
          "The system property samovar.build.dir (the folder for screenshots) is not set; run"
              + " the test through Maven's failsafe, which sets it.");
    }
    screenshots = Files.createDirectories(Path.of(buildDir, "screenshots"));
    server = TinyServer.start(dir, 1, 8192, ServerSettings.DEFAULTS);
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    playwright = Playwright.create();
    browser = launch();
  }

  /**
   * Playwright's own Chromium when it is installed, else this machine's (installed first where that
   * can be done unattended: {@link SystemChromium}), else a failure saying what to install.
   */
  private static Browser launch() {
    BrowserType.LaunchOptions options =
        new BrowserType.LaunchOptions()
            .setHeadless(true)
            .setArgs(
                List.of(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking"));
    try {
      return playwright.chromium().launch(options);
    } catch (PlaywrightException notInstalled) {
      return playwright
          .chromium()
          .launch(options.setExecutablePath(SystemChromium.findOrInstall()));
    }
  }

  @AfterAll
  static void stop() {
    if (playwright != null) {
      playwright.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
  }

  /** A fresh browser profile speaking {@code locale}, with the page open and the server ready. */
  private Page open(String locale) {
    Page page = page(locale);
    page.navigate(url());
    PlaywrightAssertions.assertThat(page.locator("#ready"))
        .hasClass(Pattern.compile("\\bok\\b"), new HasClassOptions().setTimeout(10_000));
    return page;
  }

  /** A fresh browser profile speaking {@code locale}, with a blank page. */
  private Page page(String locale) {
    BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setLocale(locale)
                .setViewportSize(WIDTH, 760)
                .setDeviceScaleFactor(1));
    context.setDefaultTimeout(15_000);
    context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
    contexts.add(context);
    return context.newPage();
  }

  private static String url() {
    return "http://127.0.0.1:" + server.port() + "/";
  }

  private static void settings(Page page, String temperature, String maxTokens) {
    page.locator("#toggle-settings").click();
    page.locator("#temperature").fill(temperature);
    page.locator("#max-tokens").fill(maxTokens);
    page.locator("#toggle-settings").click();
  }

  private static void send(Page page, String text) {
    page.locator("#input").fill(text);
    page.locator("#input").press("Enter");
  }

  private static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(name)));
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

  @Test
  void showsMarkupFromTheModelAsTextAndWrapsLongWords() {
    Page page = open("en-US");
    page.evaluate("() => { window.xss = 0; }");
    String word = "ж".repeat(300);
    List<String> deltas =
        List.of(
            "<img src=x onerror=\"window.xss = 1\">",
            "\n\nInline <script>window.xss = 2</script> and <b onclick=\"window.xss = 3\">bold</b>",
            "\n\n" + word,
            "\n\n```java\nint answer = 42;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    page.route("**/v1/chat/completions", route -> route.fulfill(stream(deltas)));
    send(page, "Покажи HTML");

    Locator content = page.locator(".message.assistant .content");
    PlaywrightAssertions.assertThat(page.locator(".message.assistant .stats"))
        .containsText("4 tokens");
    assertThat(content.innerText())
        .contains("<img src=x onerror=\"window.xss = 1\">")
        .contains("<script>window.xss = 2</script>")
        .contains("<b onclick=\"window.xss = 3\">bold</b>");
    assertThat(content.locator("img, script, b").count()).isZero();
    assertThat(content.locator("pre code.hljs").count()).isEqualTo(1);
    assertThat(content.locator("table td").allInnerTexts()).containsExactly("1", "2");
    assertThat(page.evaluate("() => window.xss")).isEqualTo(0);
    assertThat(page.evaluate("() => document.documentElement.scrollWidth")).isEqualTo(WIDTH);
    screenshot(page, "markup.png");
  }

  @Test
  void speaksRussianToARussianBrowserAndSwitchesToEnglish() {
    Page page = open("ru-RU");
    assertThat(page.evaluate("() => document.documentElement.lang")).isEqualTo("ru");
    PlaywrightAssertions.assertThat(page.locator("#send")).hasText("Отправить");
    PlaywrightAssertions.assertThat(page.locator("#new-chat")).hasText("Новый чат");
    PlaywrightAssertions.assertThat(page.locator("#ready")).hasText("готов");
    PlaywrightAssertions.assertThat(page.getByLabel("Сообщение")).isEditable();
    PlaywrightAssertions.assertThat(page.locator("#input"))
        .hasAttribute("placeholder", "Сообщение (Shift+Enter — новая строка)");
    page.locator("#input").click();
    page.keyboard().type("раз");
    page.keyboard().press("Shift+Enter");
    page.keyboard().type("два");
    PlaywrightAssertions.assertThat(page.locator("#input")).hasValue("раз\nдва");
    PlaywrightAssertions.assertThat(page.locator(".message")).hasCount(0);
    page.locator("#toggle-settings").click();
    PlaywrightAssertions.assertThat(page.getByLabel("Температура")).isEditable();
    PlaywrightAssertions.assertThat(page.getByLabel("Системная подсказка")).isEditable();
    screenshot(page, "russian.png");

    page.getByLabel("Язык").selectOption("en");
    PlaywrightAssertions.assertThat(page.locator("#send")).hasText("Send");
    PlaywrightAssertions.assertThat(page.getByLabel("Temperature")).isEditable();
    page.reload();
    PlaywrightAssertions.assertThat(page.locator("#send")).hasText("Send");
  }

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

  @Test
  void keepsRenamesSwitchesAndDeletesConversations() {
    Page page = open("en-US");
    page.route("**/v1/chat/completions", route -> route.fulfill(stream(List.of("an answer"))));
    send(page, "first");
    PlaywrightAssertions.assertThat(page.locator(".message.assistant .stats"))
        .containsText("1 token ·");
    page.getByLabel("Chats").first().click();
    page.locator("#new-chat").click();
    PlaywrightAssertions.assertThat(page.locator(".message")).hasCount(0);
    PlaywrightAssertions.assertThat(page.locator("#sidebar")).isHidden();
    send(page, "second");
    PlaywrightAssertions.assertThat(page.locator(".message.user .content")).hasText("second");
    PlaywrightAssertions.assertThat(page.locator("#chats .chat-title"))
        .hasText(new String[] {"second", "first"});

    page.locator("#toggle-sidebar").click();
    page.onceDialog(dialog -> dialog.accept("Renamed"));
    page.locator("#chats .chat-item").nth(1).getByLabel("Rename").click();
    PlaywrightAssertions.assertThat(page.locator("#chats .chat-title"))
        .hasText(new String[] {"second", "Renamed"});
    page.locator("#chats .chat-title").nth(1).click();
    PlaywrightAssertions.assertThat(page.locator(".message.user .content")).hasText("first");

    page.locator("#toggle-sidebar").click();
    page.onceDialog(dialog -> dialog.accept());
    page.locator("#chats .chat-item").nth(0).getByLabel("Delete").click();
    page.reload();
    PlaywrightAssertions.assertThat(page.locator("#chats .chat-title"))
        .hasText(new String[] {"Renamed"});
    PlaywrightAssertions.assertThat(page.locator(".message.user .content")).hasText("first");
  }

  private static Route.FulfillOptions stream(List<String> deltas) {
    StringBuilder body = new StringBuilder();
    for (String delta : deltas) {
      body.append("data: ")
          .append(
              Json.MAPPER
                  .<JsonNode>valueToTree(
                      Map.of(
                          "choices",
                          List.of(Map.of("index", 0, "delta", Map.of("content", delta)))))
                  .toString())
          .append("\n\n");
    }
    body.append("data: {\"choices\":[],\"usage\":{\"completion_tokens\":")
        .append(deltas.size())
        .append("}}\n\ndata: [DONE]\n\n");
    return new Route.FulfillOptions()
        .setStatus(200)
        .setContentType("text/event-stream")
        .setBody(body.toString());
  }

  private static Route.FulfillOptions error(int status, String code, Map<String, String> headers) {
    return new Route.FulfillOptions()
        .setStatus(status)
        .setHeaders(headers)
        .setContentType("application/json")
        .setBody(
            "{\"error\":{\"message\":\"scripted\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":\""
                + code
                + "\"}}");
  }
}
