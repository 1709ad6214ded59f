package dev.samovar.server.api.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.server.api.tools.ToolCallScanner.Arguments;
import dev.samovar.server.api.tools.ToolCallScanner.CallStart;
import dev.samovar.server.api.tools.ToolCallScanner.Part;
import dev.samovar.server.api.tools.ToolCallScanner.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCallScannerTest {
  private static final String TWO_CALLS =
      "{\"tool_calls\": [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Тула}{\\\"\","
          + " \"days\": [1, {\"x\": \"]\"}]}}, {\"name\":\"n\\u0061me\",\"arguments\":{}}]}";

  @Test
  void readsEveryCallWhereverTheOutputIsCut() {
    for (int cut = 0; cut <= TWO_CALLS.length(); cut++) {
      for (int second = cut; second <= TWO_CALLS.length(); second += 7) {
        ToolCallScanner scanner = new ToolCallScanner(true, "call_");
        List<Part> parts = new ArrayList<>();
        parts.addAll(scanner.accept(TWO_CALLS.substring(0, cut)));
        parts.addAll(scanner.accept(TWO_CALLS.substring(cut, second)));
        parts.addAll(scanner.accept(TWO_CALLS.substring(second)));

        assertThat(scanner.isDocument()).isTrue();
        assertThat(streamed(parts))
            .as("cut at %d and %d", cut, second)
            .isEqualTo(
                Map.of(
                    "get_weather",
                    "{\"city\": \"Тула}{\\\"\", \"days\": [1, {\"x\": \"]\"}]}",
                    "name",
                    "{}"));
        assertThat(scanner.calls())
            .extracting(ToolCall::name, ToolCall::arguments)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(
                    "get_weather", "{\"city\": \"Тула}{\\\"\", \"days\": [1, {\"x\": \"]\"}]}"),
                org.assertj.core.groups.Tuple.tuple("name", "{}"));
      }
    }
  }

  @Test
  void argumentsBeforeTheNameFollowItsStart() {
    ToolCallScanner scanner = new ToolCallScanner(false, "call_");
    List<Part> parts = new ArrayList<>();
    parts.addAll(scanner.accept("{\"tool_calls\":[{\"arguments\":{\"a\":1}"));
    assertThat(parts).isEmpty();
    parts.addAll(scanner.accept(",\"name\":\"f\"}]}"));

    assertThat(parts).hasSize(2);
    assertThat(parts.get(0))
        .isInstanceOfSatisfying(CallStart.class, s -> assertThat(s.name()).isEqualTo("f"));
    assertThat(parts.get(1)).isEqualTo(new Arguments(0, "{\"a\":1}"));
  }

  @Test
  void textIsPassedOnWhenItDoesNotStartWithABrace() {
    ToolCallScanner scanner = new ToolCallScanner(true, "call_");

    assertThat(scanner.accept("")).isEmpty();
    assertThat(scanner.accept("Привет {")).containsExactly(new Text("Привет {"));
    assertThat(scanner.accept("\"tool_calls\"")).containsExactly(new Text("\"tool_calls\""));
    assertThat(scanner.isDocument()).isFalse();
    assertThat(scanner.calls()).isEmpty();
  }

  @Test
  void callIdsAreDistinctAndShapedLikeOpenAis() {
    ToolCallScanner scanner = new ToolCallScanner(false, "call_");
    scanner.accept(TWO_CALLS);

    List<String> ids = scanner.calls().stream().map(ToolCall::id).toList();
    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("call_[0-9a-f]{24}"));
  }

  @Test
  void aCutOffCallKeepsItsArgumentsSoFar() {
    ToolCallScanner scanner = new ToolCallScanner(false, "call_");
    scanner.accept("{\"tool_calls\":[{\"name\":\"f\",\"arguments\":{\"a\":\"tru");

    assertThat(scanner.calls()).extracting(ToolCall::arguments).containsExactly("{\"a\":\"tru");
  }

  /** Each call's name and its streamed arguments, joined, checking the call indexes. */
  private static Map<String, String> streamed(List<Part> parts) {
    Map<String, String> calls = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (Part part : parts) {
      switch (part) {
        case CallStart start -> {
          assertThat(start.index()).isEqualTo(names.size());
          names.add(start.name());
          calls.put(start.name(), "");
        }
        case Arguments arguments -> {
          String name = names.get(arguments.index());
          calls.put(name, calls.get(name) + arguments.text());
        }
        case Text text -> throw new AssertionError("text in a document: " + text);
      }
    }
    return calls;
  }
}
