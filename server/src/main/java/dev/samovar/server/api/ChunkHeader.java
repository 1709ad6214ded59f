package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields every chunk of one stream shares.
 *
 * @param id the completion id
 * @param object the chunk's object type
 * @param created unix seconds
 * @param model the requested model id
 * @param includeUsage whether chunks carry a {@code usage} field
 */
record ChunkHeader(String id, String object, long created, String model, boolean includeUsage) {

  /** A chunk with one choice. */
  ObjectNode withChoice(ObjectNode choice) {
    ObjectNode chunk = chunk();
    chunk.putArray("choices").add(choice);
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return chunk;
  }

  /** The usage chunk: no choices. */
  ObjectNode usage(Usage usage) {
    ObjectNode chunk = chunk();
    chunk.putArray("choices");
    chunk.set("usage", Json.MAPPER.valueToTree(usage));
    return chunk;
  }

  private ObjectNode chunk() {
    return Json.MAPPER
        .createObjectNode()
        .put("id", id)
        .put("object", object)
        .put("created", created)
        .put("model", model);
  }
}
