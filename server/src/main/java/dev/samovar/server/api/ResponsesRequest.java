package dev.samovar.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.tools.ToolSet;
import java.util.List;

/**
 * A validated {@code POST /v1/responses} request.
 *
 * @param params the generation fields (one choice; {@code max_output_tokens} as max tokens)
 * @param instructions the system text for this response only, or null
 * @param input the new input items, each normalized to {@code {"type": "message", "role",
 *     "content": text}}, {@code function_call} or {@code function_call_output}
 * @param tools the tools the model may call
 * @param jsonSchema null, or the schema of {@code text.format}
 * @param store whether to keep the response for {@code GET} and {@code previous_response_id}
 * @param previousResponseId null, or the stored response this one continues
 * @param topLogprobs null when the client asked for no log-probabilities ({@code include}
 *     "message.output_text.logprobs" or {@code top_logprobs}), else 0-20 alternatives per token
 * @param echo the request fields the response object repeats: {@code tools}, {@code tool_choice},
 *     {@code text}, {@code metadata}, {@code temperature}, {@code top_p}, {@code
 *     max_output_tokens}, {@code parallel_tool_calls}
 */
public record ResponsesRequest(
    GenerationParams params,
    String instructions,
    List<ObjectNode> input,
    ToolSet tools,
    String jsonSchema,
    boolean store,
    String previousResponseId,
    Integer topLogprobs,
    ObjectNode echo) {

  public ResponsesRequest {
    input = List.copyOf(input);
  }

  /** The echoed field {@code name}. */
  public JsonNode echoed(String name) {
    return echo.get(name);
  }
}
