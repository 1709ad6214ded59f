package dev.samovar.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.server.api.Ids;
import dev.samovar.server.api.Json;
import dev.samovar.server.api.ResponseItems;
import dev.samovar.server.api.ResponsesFormat;
import dev.samovar.server.api.ResponsesRequest;
import dev.samovar.server.api.ResponsesRequestParser;
import dev.samovar.server.api.tools.ToolPrompt;
import dev.samovar.server.error.InvalidRequestException;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code POST /v1/responses} (through the same generation path as chat completions), and {@code
 * GET} / {@code DELETE /v1/responses/{id}} and {@code GET /v1/responses/{id}/input_items} for
 * stored responses. A response that continues another ({@code previous_response_id}) sees that
 * one's whole conversation (its input items and its output) before its own input; instructions are
 * not carried over.
 */
final class ResponsesHandler {
  private final ServedModel model;
  private final CompletionRunner runner;
  private final ResponseStore store;

  ResponsesHandler(ServedModel model, CompletionRunner runner, ResponseStore store) {
    this.model = model;
    this.runner = runner;
    this.store = store;
  }

  void create(Context ctx) throws InterruptedException, IOException {
    long start = System.nanoTime();
    InferenceEngine engine = model.engine();
    ResponsesRequest request = ResponsesRequestParser.parse(ctx.bodyAsBytes());
    model.requireServed(request.params().model());
    List<ObjectNode> conversation = new ArrayList<>(history(request.previousResponseId()));
    int firstNew = conversation.size();
    conversation.addAll(request.input());
    var messages = ResponseItems.messages(request.instructions(), conversation, firstNew);
    OutputSchema schema =
        OutputSchema.of(engine, request.tools(), request.jsonSchema(), "text.format");
    String id = Ids.random("resp_");
    ResponsesFormat format =
        new ResponsesFormat(
            id,
            Instant.now().getEpochSecond(),
            request,
            response -> {
              if (request.store()) {
                store.put(new ResponseStore.Stored(response, conversation));
              }
            });
    runner.run(
        ctx,
        engine,
        new CompletionRunner.Job(
            id,
            start,
            engine.renderChat(ToolPrompt.withTools(messages, request.tools())),
            request.params(),
            request.topLogprobs(),
            schema,
            "input"),
        format);
  }

  void get(Context ctx) {
    ctx.json(stored(ctx.pathParam("id")).response());
  }

  void delete(Context ctx) {
    String id = ctx.pathParam("id");
    if (!store.delete(id)) {
      throw notFound(id);
    }
    ctx.json(
        Json.MAPPER
            .createObjectNode()
            .put("id", id)
            .put("object", "response")
            .put("deleted", true));
  }

  /** The input items of a stored response, newest first unless {@code order=asc}. */
  void inputItems(Context ctx) {
    List<ObjectNode> items =
        new ArrayList<>(ResponseItems.listed(stored(ctx.pathParam("id")).input()));
    String order = ctx.queryParam("order");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw new InvalidRequestException(
          "Invalid value for 'order': \"" + order + "\"; supported: 'asc' and 'desc'.", "order");
    }
    if (!"asc".equals(order)) {
      Collections.reverse(items);
    }
    ObjectNode list = Json.MAPPER.createObjectNode().put("object", "list");
    list.putArray("data").addAll(items);
    list.put("first_id", items.getFirst().get("id").asText())
        .put("last_id", items.getLast().get("id").asText())
        .put("has_more", false);
    ctx.json(list);
  }

  /** The input items and output of the response a new one continues. */
  private List<ObjectNode> history(String previousId) {
    if (previousId == null) {
      return List.of();
    }
    ResponseStore.Stored previous =
        store
            .get(previousId)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "Previous response with id '" + previousId + "' not found.",
                        "previous_response_id"));
    List<ObjectNode> history = new ArrayList<>(previous.input());
    history.addAll(ResponseItems.asInput(previous.response().get("output")));
    return history;
  }

  private ResponseStore.Stored stored(String id) {
    return store.get(id).orElseThrow(() -> notFound(id));
  }

  private static NotFoundResponse notFound(String id) {
    return new NotFoundResponse("No response with id '" + id + "' found.");
  }
}
