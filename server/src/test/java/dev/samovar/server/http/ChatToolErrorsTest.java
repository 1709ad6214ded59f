package dev.samovar.server.http;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Chat completion requests rejected for tools, tool choice and the deprecated functions. */
class ChatToolErrorsTest extends InvalidChatRequests {
  @Override
  Stream<Arguments> invalidRequests() {
    return Stream.of(
        invalidField(
            "\"tools\":{\"type\":\"function\"}",
            "tools",
            "Invalid type for 'tools': expected an array."),
        invalidField(
            "\"tools\":[{\"type\":\"retrieval\"}]",
            "tools[0].type",
            "Invalid value for 'tools[0].type': retrieval; supported: 'function'."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]",
            "tools[0].function.name",
            "Invalid 'tools[0].function.name': \"get weather\"; a function name is 1-64 letters,"
                + " digits, '_' or '-'."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]",
            "tools[1].function.name",
            "Two tools are named 'f'."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":{\"type\":\"string\"}}}]",
            "tools[0].function.parameters",
            "Invalid 'tools[0].function.parameters': a function's arguments are an object"),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":{\"type\":\"object\",\"unsupported\":1}}}]",
            "tools[0].function.parameters",
            "Invalid 'tools[0].function.parameters': the JSON schema uses a keyword"),
        invalidField(
            "\"tool_choice\":\"required\"",
            "tool_choice",
            "'tool_choice' is only allowed when 'tools' are specified."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}",
            "tool_choice.function.name",
            "Invalid 'tool_choice.function.name': no tool is named \"g\"."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"response_format\":{\"type\":\"json_object\"}",
            "response_format",
            "'response_format' cannot be combined with tools"),
        invalidField(
            "\"functions\":[{\"name\":\"f\"}]",
            "functions",
            "'functions' is not supported: it is deprecated; use 'tools' and 'tool_choice'"));
  }
}
