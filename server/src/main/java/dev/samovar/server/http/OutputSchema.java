package dev.samovar.server.http;

import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.server.api.tools.ToolDefinition;
import dev.samovar.server.api.tools.ToolSet;
import dev.samovar.server.error.InvalidRequestException;

/**
 * The JSON schema a generation is held to, and the request field it comes from.
 *
 * @param schema the JSON schema, as JSON text
 * @param textAllowed whether plain text may stand instead of a document (tools under "auto")
 * @param param the request field to name when the engine cannot use the schema
 */
record OutputSchema(String schema, boolean textAllowed, String param) {

  /**
   * The schema of a request's output: that of the calls of the offered tools, else that of its
   * response format (null for none).
   *
   * @param format the response format's schema, or null
   * @param formatParam the request field of the response format
   */
  static OutputSchema of(InferenceEngine engine, ToolSet tools, String format, String formatParam) {
    if (tools.offered()) {
      return ofTools(engine, tools);
    }
    return format == null ? null : new OutputSchema(format, false, formatParam);
  }

  /**
   * The schema of the calls of the offered tools, after checking each tool's argument schema (so
   * that an error names the tool's field).
   */
  private static OutputSchema ofTools(InferenceEngine engine, ToolSet tools) {
    for (ToolDefinition tool : tools.tools()) {
      try {
        engine.checkJsonSchema(tool.parameters().toString());
      } catch (InvalidGenerationRequestException e) {
        throw new InvalidRequestException(
            "Invalid '" + tool.param() + "': " + e.getMessage(), tool.param());
      }
    }
    return new OutputSchema(tools.callSchema(), tools.textAllowed(), "tools");
  }
}
