package dev.samovar.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.samovar.server.api.Json;
import java.io.IOException;

/**
 * Encodes one server-sent event, {@code data: <one-line JSON>\n\n} in UTF-8 (after an {@code event:
 * <name>} line where the API names its events), serializing the JSON straight into the event's
 * bytes; characters beyond the BMP (emoji) stay UTF-8, not escaped surrogate pairs.
 */
final class SseEvents {
  private static final byte[] PREFIX = "data: ".getBytes(UTF_8);
  private static final byte[] END = "\n\n".getBytes(UTF_8);
  private static final ObjectWriter WRITER =
      Json.MAPPER.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

  private SseEvents() {}

  /** The event that carries {@code event} as JSON. */
  static byte[] data(Object event) throws IOException {
    return encode(null, event);
  }

  /** The event named {@code name} ({@code event: name}) that carries {@code event} as JSON. */
  static byte[] named(String name, Object event) throws IOException {
    return encode(name, event);
  }

  private static byte[] encode(String name, Object event) throws IOException {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(256)) {
      if (name != null) {
        bytes.write(("event: " + name + "\n").getBytes(UTF_8));
      }
      bytes.write(PREFIX);
      WRITER.writeValue(bytes, event);
      bytes.write(END);
      return bytes.toByteArray();
    }
  }
}
