package dev.samovar.server.http;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Chat completion requests rejected for a body that is not a JSON object, a missing or mistyped
 * model, and messages that are missing, mistyped or inconsistent.
 */
class ChatRequestBodyErrorsTest extends InvalidChatRequests {
  @Override
  Stream<Arguments> invalidRequests() {
    return Stream.of(
        invalid(
            "{\"model\":",
            null,
            "The request body is not valid JSON at line 1, column 10: Unexpected end-of-input"
                + " within/between Object entries."),
        invalid(
            "{\"model\":\"fake\",\n \"messages\":[1,2",
            null,
            "The request body is not valid JSON at line 2, column 17: Unexpected end-of-input:"
                + " expected close marker for Array (opened at line 2, column 13)."),
        invalid(
            "{\"a\":NaN}",
            null,
            "The request body is not valid JSON at line 1, column 9: Non-standard token 'NaN'."),
        invalid("", null, "The request body is empty; send a JSON object."),
        invalid(
            "{\"model\":\"fake\"} trailing",
            null,
            "The request body is not valid JSON at line 1, column 18: Unrecognized token"
                + " 'trailing': was expecting (JSON String, Number, Array, Object or token 'null',"
                + " 'true' or 'false')."),
        invalid("[1]", null, "The request body must be a JSON object."),
        invalid("{\"messages\":" + USER + "}", "model", "You must provide a model parameter."),
        invalid(
            "{\"model\":7,\"messages\":" + USER + "}",
            "model",
            "Invalid type for 'model': expected a string."),
        invalid("{\"model\":\"fake\"}", "messages", "Missing required parameter: 'messages'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[]}",
            "messages",
            "'messages' must contain at least one message."),
        invalid(
            "{\"model\":\"fake\",\"messages\":\"Hi\"}",
            "messages",
            "Invalid type for 'messages': expected an array."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[\"Hi\"]}",
            "messages[0]",
            "Invalid type for 'messages[0]': expected an object."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"content\":\"Hi\"}]}",
            "messages[0].role",
            "Missing required parameter: 'messages[0].role'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"robot\",\"content\":\"b\"}]}",
            "messages[1].role",
            "Invalid value for 'messages[1].role': \"robot\"; supported roles are 'system',"
                + " 'developer', 'user', 'assistant' and 'tool'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"tool\",\"content\":\"b\",\"tool_call_id\":\"c\"}]}",
            "messages[1].tool_call_id",
            "'messages[1].tool_call_id' (\"c\") names no earlier assistant tool call."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"assistant\",\"content\":\"a\","
                + "\"tool_calls\":[{\"id\":\"c\"}]}]}",
            "messages[0].tool_calls[0].function",
            "Invalid type for 'messages[0].tool_calls[0].function': expected an object."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"[1]\"}}]}]}",
            "messages[0].tool_calls[0].function.arguments",
            "Invalid 'messages[0].tool_calls[0].function.arguments': the arguments must be a JSON"
                + " object as text."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"assistant\"}]}",
            "messages[0].content",
            "Missing required parameter: 'messages[0].content'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\"}]}",
            "messages[0].content",
            "Missing required parameter: 'messages[0].content'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
            "messages[0].content",
            "Invalid type for 'messages[0].content': expected a string or an array of text"
                + " parts."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}",
            "messages[0].content[0].type",
            "Unsupported content part type \"image_url\"; only 'text' parts are supported."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":1}]}]}",
            "messages[0].content[0].text",
            "Invalid type for 'messages[0].content[0].text': expected a string."));
  }
}
