package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.TokenLogprob;
import dev.samovar.server.api.tools.ToolCall;
import dev.samovar.server.api.tools.ToolCallScanner;
import dev.samovar.server.error.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code response} objects and their event streams (one choice): {@code response.created} and
 * {@code response.in_progress}; per output item {@code response.output_item.added}, for a message
 * {@code response.content_part.added}, {@code response.output_text.delta}s, {@code
 * response.output_text.done} and {@code response.content_part.done}, for a function call {@code
 * response.function_call_arguments.delta}s and {@code .done}, then {@code
 * response.output_item.done}; at the end {@code response.completed} (or {@code response.incomplete}
 * at {@code max_output_tokens}) with the whole response and its usage. Every event has a {@code
 * sequence_number}. The finished response goes to a listener (the store).
 */
public final class ResponsesFormat implements CompletionFormat {
  private final String id;
  private final long createdAt;
  private final ResponsesRequest request;
  private final Consumer<ObjectNode> finished;
  private final ToolCallScanner scanner;
  private final ArrayNode output = Json.MAPPER.createArrayNode();
  private ObjectNode open;
  private final StringBuilder openText = new StringBuilder();
  private final List<TokenLogprob> openLogprobs = new ArrayList<>();
  private int sequence;
  private String finishReason;

  /**
   * @param id the response id ({@code resp_...})
   * @param createdAt unix seconds
   * @param finished receives the finished response object
   */
  public ResponsesFormat(
      String id, long createdAt, ResponsesRequest request, Consumer<ObjectNode> finished) {
    this.id = id;
    this.createdAt = createdAt;
    this.request = request;
    this.finished = finished;
    this.scanner = ToolCallScanner.of(request.tools(), "call_");
  }

  @Override
  public boolean logprobs() {
    return request.topLogprobs() != null;
  }

  @Override
  public boolean plainDeltas() {
    return false;
  }

  @Override
  public boolean namedEvents() {
    return true;
  }

  @Override
  public Object errorBody(ApiError error) {
    ApiError.Detail detail = error.body().error();
    return event("error")
        .put("code", detail.code() == null ? detail.type() : detail.code())
        .put("message", detail.message())
        .put("param", detail.param());
  }

  @Override
  public List<ObjectNode> opening(int index) {
    ObjectNode created = event("response.created");
    created.set("response", response("in_progress", Json.MAPPER.createArrayNode(), null));
    ObjectNode progress = event("response.in_progress");
    progress.set("response", response("in_progress", Json.MAPPER.createArrayNode(), null));
    return List.of(created, progress);
  }

  @Override
  public List<ObjectNode> delta(int index, String text, List<TokenLogprob> logprobs) {
    List<ObjectNode> events = new ArrayList<>();
    for (ToolCallScanner.Part part : scanner.accept(text)) {
      switch (part) {
        case ToolCallScanner.Text t -> {
          if (open == null || !open.get("type").asText().equals("message")) {
            close(events);
            openMessage(events);
          }
          openText.append(t.text());
          openLogprobs.addAll(logprobs);
          events.add(
              itemEvent("response.output_text.delta")
                  .put("content_index", 0)
                  .put("delta", t.text())
                  .set("logprobs", logprobsJson(logprobs)));
        }
        case ToolCallScanner.CallStart start -> {
          close(events);
          open =
              functionCall(functionCallId(start.id()), start.id(), start.name(), "", "in_progress");
          openText.setLength(0);
          ObjectNode added = event("response.output_item.added").put("output_index", output.size());
          added.set("item", open.deepCopy());
          events.add(added);
        }
        case ToolCallScanner.Arguments arguments -> {
          openText.append(arguments.text());
          events.add(
              itemEvent("response.function_call_arguments.delta").put("delta", arguments.text()));
        }
      }
    }
    return events;
  }

  @Override
  public List<ObjectNode> finish(
      int index, String reason, String stopSequence, List<TokenLogprob> logprobs) {
    finishReason = reason;
    List<ObjectNode> events = new ArrayList<>();
    if (open == null && output.isEmpty()) {
      openMessage(events);
    }
    close(events);
    return events;
  }

  @Override
  public List<ObjectNode> closing(Usage usage) {
    ObjectNode response = finish(output, usage);
    ObjectNode event =
        event(
            response.get("status").asText().equals("completed")
                ? "response.completed"
                : "response.incomplete");
    event.set("response", response);
    return List.of(event);
  }

  @Override
  public Object body(List<ChoiceOutput> choices, Usage usage) {
    ChoiceOutput choice = choices.getFirst();
    finishReason = choice.finishReason();
    ToolCallScanner reader = ToolCallScanner.of(request.tools(), "call_");
    reader.accept(choice.text());
    ArrayNode items = Json.MAPPER.createArrayNode();
    if (reader.isDocument()) {
      for (ToolCall call : reader.calls()) {
        items.add(
            functionCall(
                functionCallId(call.id()), call.id(), call.name(), call.arguments(), "completed"));
      }
    } else {
      items.add(message(Ids.random("msg_"), choice.text(), choice.logprobs(), "completed"));
    }
    return finish(items, usage);
  }

  private ObjectNode finish(ArrayNode items, Usage usage) {
    boolean complete = !"length".equals(finishReason);
    ObjectNode response = response(complete ? "completed" : "incomplete", items, usage);
    if (!complete) {
      response.putObject("incomplete_details").put("reason", "max_output_tokens");
    }
    finished.accept(response);
    return response;
  }

  /** The output item id of a function call: {@code fc_} and its call id's digits. */
  private static String functionCallId(String callId) {
    return "fc_" + callId.substring("call_".length());
  }

  private void openMessage(List<ObjectNode> events) {
    open = message(Ids.random("msg_"), "", List.of(), "in_progress");
    open.set("content", Json.MAPPER.createArrayNode());
    openText.setLength(0);
    openLogprobs.clear();
    ObjectNode added = event("response.output_item.added").put("output_index", output.size());
    added.set("item", open.deepCopy());
    events.add(added);
    ObjectNode part = itemEvent("response.content_part.added").put("content_index", 0);
    part.set("part", textPart("", List.of()));
    events.add(part);
  }

  /** Ends the open item: its done events, and it joins the output. */
  private void close(List<ObjectNode> events) {
    if (open == null) {
      return;
    }
    String text = openText.toString();
    ObjectNode item;
    if (open.get("type").asText().equals("message")) {
      events.add(
          itemEvent("response.output_text.done")
              .put("content_index", 0)
              .put("text", text)
              .set("logprobs", logprobsJson(openLogprobs)));
      ObjectNode part = itemEvent("response.content_part.done").put("content_index", 0);
      part.set("part", textPart(text, openLogprobs));
      events.add(part);
      item = message(open.get("id").asText(), text, openLogprobs, "completed");
    } else {
      events.add(
          itemEvent("response.function_call_arguments.done")
              .put("name", open.get("name").asText())
              .put("arguments", text));
      item = open.deepCopy().put("arguments", text).put("status", "completed");
    }
    ObjectNode done = event("response.output_item.done").put("output_index", output.size());
    done.set("item", item);
    events.add(done);
    output.add(item);
    open = null;
  }

  private ObjectNode response(String status, ArrayNode items, Usage usage) {
    ObjectNode response =
        Json.MAPPER
            .createObjectNode()
            .put("id", id)
            .put("object", "response")
            .put("created_at", createdAt)
            .put("status", status)
            .putNull("error")
            .putNull("incomplete_details")
            .put("instructions", request.instructions())
            .put("model", request.params().model());
    response.set("output", items.deepCopy());
    for (String field :
        List.of(
            "max_output_tokens",
            "parallel_tool_calls",
            "temperature",
            "top_p",
            "text",
            "tool_choice",
            "tools",
            "metadata")) {
      response.set(field, request.echoed(field));
    }
    response.put("previous_response_id", request.previousResponseId());
    response.put("store", request.store());
    response.put("truncation", "disabled");
    response.putNull("user");
    if (usage == null) {
      response.putNull("usage");
    } else {
      ObjectNode counts = response.putObject("usage").put("input_tokens", usage.promptTokens());
      counts
          .putObject("input_tokens_details")
          .put("cached_tokens", usage.promptTokensDetails().cachedTokens());
      counts.put("output_tokens", usage.completionTokens());
      counts.putObject("output_tokens_details").put("reasoning_tokens", 0);
      counts.put("total_tokens", usage.totalTokens());
    }
    return response;
  }

  private static ObjectNode message(
      String id, String text, List<TokenLogprob> logprobs, String status) {
    ObjectNode message =
        Json.MAPPER
            .createObjectNode()
            .put("type", "message")
            .put("id", id)
            .put("status", status)
            .put("role", "assistant");
    message.putArray("content").add(textPart(text, logprobs));
    return message;
  }

  private static ObjectNode functionCall(
      String id, String callId, String name, String arguments, String status) {
    return Json.MAPPER
        .createObjectNode()
        .put("type", "function_call")
        .put("id", id)
        .put("call_id", callId)
        .put("name", name)
        .put("arguments", arguments)
        .put("status", status);
  }

  private static ObjectNode textPart(String text, List<TokenLogprob> logprobs) {
    ObjectNode part = Json.MAPPER.createObjectNode().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.set("logprobs", logprobsJson(logprobs));
    return part;
  }

  /** Log-probabilities in the shape of chat completions' {@code logprobs.content}. */
  private static ArrayNode logprobsJson(List<TokenLogprob> logprobs) {
    return Json.MAPPER.valueToTree(ChatLogprobs.of(logprobs).content());
  }

  private ObjectNode itemEvent(String type) {
    return event(type).put("item_id", open.get("id").asText()).put("output_index", output.size());
  }

  private ObjectNode event(String type) {
    return Json.MAPPER.createObjectNode().put("type", type).put("sequence_number", sequence++);
  }
}
