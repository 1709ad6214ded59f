package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chat page's own behaviour, over scripted answers: markup from the model shown as text, the
 * page's language, and the list of conversations.
 */
class ChatPageInterfaceIT extends ChatPageFixture {
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
}
