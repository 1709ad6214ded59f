package dev.samovar.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions.HasClassOptions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.samovar.server.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the chat page's browser tests share: the real server over the tiny model, a headless
 * Chromium (driven by Playwright) with a fresh profile per page at a phone's 375 px width, and
 * screenshots of the main states in {@code <build dir>/screenshots}.
 */
@Timeout(120)
abstract class ChatPageFixture {
  static final int WIDTH = 375;
  static final String QUESTION = "Привет! Как дела?";

  @TempDir static Path dir;
  static TinyServer server;
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
  Page open(String locale) {
    Page page = page(locale);
    page.navigate(url());
    PlaywrightAssertions.assertThat(page.locator("#ready"))
        .hasClass(Pattern.compile("\\bok\\b"), new HasClassOptions().setTimeout(10_000));
    return page;
  }

  /** A fresh browser profile speaking {@code locale}, with a blank page. */
  Page page(String locale) {
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

  static String url() {
    return "http://127.0.0.1:" + server.port() + "/";
  }

  static void send(Page page, String text) {
    page.locator("#input").fill(text);
    page.locator("#input").press("Enter");
  }

  static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(name)));
  }

  /** A scripted streamed answer of {@code deltas}, one token each. */
  static Route.FulfillOptions stream(List<String> deltas) {
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

  /** A scripted OpenAI-style error. */
  static Route.FulfillOptions error(int status, String code, Map<String, String> headers) {
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
