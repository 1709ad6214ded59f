package dev.samovar.server.http;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Chat completion requests rejected for what to return and how: max tokens, stop strings,
 * streaming, n, user, logprobs and the response format.
 */
class ChatOutputErrorsTest extends InvalidChatRequests {
  @Override
  Stream<Arguments> invalidRequests() {
    return Stream.of(
        invalidField(
            "\"max_tokens\":0",
            "max_tokens",
            "Invalid value for 'max_tokens': 0; it must be at least 1."),
        invalidField(
            "\"max_tokens\":3000000000",
            "max_tokens",
            "Invalid value for 'max_tokens': 3000000000; it must be at least 1."),
        invalidField(
            "\"max_tokens\":1.5",
            "max_tokens",
            "Invalid type for 'max_tokens': expected an integer."),
        invalidField(
            "\"max_completion_tokens\":-1",
            "max_completion_tokens",
            "Invalid value for 'max_completion_tokens': -1; it must be at least 1."),
        invalidField(
            "\"stop\":5",
            "stop",
            "Invalid type for 'stop': expected a string or an array of strings."),
        invalidField("\"stop\":[]", "stop", "'stop' must hold 1 to 4 strings; it has 0."),
        invalidField(
            "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]",
            "stop",
            "'stop' must hold 1 to 4 strings; it has 5."),
        invalidField(
            "\"stop\":[\"a\",1]", "stop[1]", "Invalid type for 'stop[1]': expected a string."),
        invalidField("\"stop\":\"\"", "stop", "Stop strings must not be empty."),
        invalidField(
            "\"stream\":\"yes\"", "stream", "Invalid type for 'stream': expected a boolean."),
        invalidField(
            "\"stream_options\":{\"include_usage\":true}",
            "stream_options",
            "stream_options is only allowed when stream is true."),
        invalidField(
            "\"stream\":true,\"stream_options\":[]",
            "stream_options",
            "Invalid type for 'stream_options': expected an object."),
        invalidField(
            "\"stream\":true,\"stream_options\":{\"include_usage\":1}",
            "stream_options.include_usage",
            "Invalid type for 'stream_options.include_usage': expected a boolean."),
        invalidField("\"n\":0", "n", "Invalid value for 'n': 0; it must be in [1, 128]."),
        invalidField("\"n\":1.5", "n", "Invalid type for 'n': expected an integer."),
        invalidField(
            "\"n\":6",
            "n",
            "Invalid value for 'n': 6; this server holds at most 5 generations at once (1"
                + " running, 4 waiting)."),
        invalidField("\"user\":5", "user", "Invalid type for 'user': expected a string."),
        invalidField(
            "\"logprobs\":1", "logprobs", "Invalid type for 'logprobs': expected a boolean."),
        invalidField(
            "\"logprobs\":true,\"top_logprobs\":21",
            "top_logprobs",
            "Invalid value for 'top_logprobs': 21; it must be in [0, 20]."),
        invalidField(
            "\"top_logprobs\":2",
            "top_logprobs",
            "'top_logprobs' is only allowed when 'logprobs' is true."),
        invalidField(
            "\"response_format\":\"json\"",
            "response_format",
            "Invalid type for 'response_format': expected an object."),
        invalidField(
            "\"response_format\":{}",
            "response_format.type",
            "Missing required parameter: 'response_format.type'."),
        invalidField(
            "\"response_format\":{\"type\":\"xml\"}",
            "response_format.type",
            "Invalid value for 'response_format.type': \"xml\"; supported types are 'text',"
                + " 'json_object' and 'json_schema'."),
        invalidField(
            "\"response_format\":{\"type\":\"json_schema\"}",
            "response_format.json_schema",
            "Missing required parameter: 'response_format.json_schema'."),
        invalidField(
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}",
            "response_format.json_schema.schema",
            "Missing required parameter: 'response_format.json_schema.schema'."),
        invalidField(
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":1}}",
            "response_format.json_schema.schema",
            "Invalid type for 'response_format.json_schema.schema': expected a JSON schema"
                + " object."),
        invalidField(
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"schema\":{\"type\":\"unsupported\"}}}",
            "response_format",
            "the JSON schema uses a keyword the grammar converter does not support"));
  }
}
