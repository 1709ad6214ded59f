package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.TokenLogprob;
import dev.samovar.server.api.tools.ToolCall;
import dev.samovar.server.api.tools.ToolCallScanner;
import dev.samovar.server.api.tools.ToolSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chat.completion} bodies and {@code chat.completion.chunk} streams: each choice opens with
 * {@code delta {"role":"assistant","content":""}}, continues with {@code delta {"content":...}} and
 * ends with an empty delta and its finish reason. Where tools are offered, each choice's output is
 * read by a {@link ToolCallScanner}: a call streams as OpenAI's do (a {@code tool_calls} delta with
 * id, type and name, then deltas of its arguments' text), and a choice that called tools finishes
 * with {@code tool_calls}.
 */
public final class ChatCompletionFormat implements CompletionFormat {
  private static final String CALL_ID_PREFIX = "call_";

  private final ChunkHeader header;
  private final boolean logprobs;
  private final ToolSet tools;
  private final Map<Integer, ToolCallScanner> scanners = new HashMap<>();

  /**
   * @param logprobs whether the client asked for log-probabilities
   * @param tools the tools the request offers the model
   */
  public ChatCompletionFormat(
      String id,
      long created,
      String model,
      boolean includeUsage,
      boolean logprobs,
      ToolSet tools) {
    this.header = new ChunkHeader(id, "chat.completion.chunk", created, model, includeUsage);
    this.logprobs = logprobs;
    this.tools = tools;
  }

  @Override
  public boolean logprobs() {
    return logprobs;
  }

  @Override
  public boolean plainDeltas() {
    return !logprobs && !tools.offered();
  }

  @Override
  public List<ObjectNode> opening(int index) {
    ObjectNode delta = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
    return List.of(chunk(index, delta, List.of(), null));
  }

  @Override
  public List<ObjectNode> delta(int index, String text, List<TokenLogprob> tokens) {
    List<ObjectNode> chunks = new ArrayList<>();
    for (ToolCallScanner.Part part : scanner(index).accept(text)) {
      ObjectNode delta =
          switch (part) {
            case ToolCallScanner.Text t -> content(t.text());
            case ToolCallScanner.CallStart start -> {
              ObjectNode call =
                  callDelta(start.index()).put("id", start.id()).put("type", "function");
              call.putObject("function").put("name", start.name()).put("arguments", "");
              yield toolCallsDelta(call);
            }
            case ToolCallScanner.Arguments arguments -> {
              ObjectNode call = callDelta(arguments.index());
              call.putObject("function").put("arguments", arguments.text());
              yield toolCallsDelta(call);
            }
          };
      chunks.add(chunk(index, delta, chunks.isEmpty() ? tokens : List.of(), null));
    }
    return chunks;
  }

  @Override
  public List<ObjectNode> finish(
      int index, String finishReason, String stopSequence, List<TokenLogprob> tokens) {
    ToolCallScanner scanner = scanners.get(index);
    boolean called = scanner != null && !scanner.calls().isEmpty();
    return List.of(
        chunk(
            index,
            Json.MAPPER.createObjectNode(),
            tokens,
            called && finishReason.equals("stop") ? "tool_calls" : finishReason));
  }

  @Override
  public List<ObjectNode> closing(Usage usage) {
    return header.includeUsage() ? List.of(header.usage(usage)) : List.of();
  }

  @Override
  public ChatCompletion body(List<ChoiceOutput> choices, Usage usage) {
    return new ChatCompletion(
        header.id(),
        "chat.completion",
        header.created(),
        header.model(),
        choices.stream().map(this::choice).toList(),
        usage);
  }

  private ChatCompletion.Choice choice(ChoiceOutput choice) {
    ChatLogprobs choiceLogprobs = logprobs ? ChatLogprobs.of(choice.logprobs()) : null;
    ToolCallScanner scanner = ToolCallScanner.of(tools, CALL_ID_PREFIX);
    scanner.accept(choice.text());
    List<ToolCall> calls = scanner.calls();
    if (calls.isEmpty()) {
      return new ChatCompletion.Choice(
          choice.index(),
          new ChatCompletion.Message("assistant", choice.text(), null),
          choiceLogprobs,
          choice.finishReason());
    }
    return new ChatCompletion.Choice(
        choice.index(),
        new ChatCompletion.Message(
            "assistant", null, calls.stream().map(ChatCompletion.ToolCall::of).toList()),
        choiceLogprobs,
        choice.finishReason().equals("stop") ? "tool_calls" : choice.finishReason());
  }

  private ToolCallScanner scanner(int index) {
    return scanners.computeIfAbsent(index, i -> ToolCallScanner.of(tools, CALL_ID_PREFIX));
  }

  private static ObjectNode content(String text) {
    return Json.MAPPER.createObjectNode().put("content", text);
  }

  private static ObjectNode callDelta(int index) {
    return Json.MAPPER.createObjectNode().put("index", index);
  }

  private static ObjectNode toolCallsDelta(ObjectNode call) {
    ObjectNode delta = Json.MAPPER.createObjectNode();
    ArrayNode calls = delta.putArray("tool_calls");
    calls.add(call);
    return delta;
  }

  private ObjectNode chunk(
      int index, ObjectNode delta, List<TokenLogprob> tokens, String finishReason) {
    ObjectNode choice = Json.MAPPER.createObjectNode().put("index", index);
    choice.set("delta", delta);
    if (logprobs && !tokens.isEmpty()) {
      choice.set("logprobs", Json.MAPPER.valueToTree(ChatLogprobs.of(tokens)));
    } else {
      choice.putNull("logprobs");
    }
    choice.put("finish_reason", finishReason);
    return header.withChoice(choice);
  }
}
