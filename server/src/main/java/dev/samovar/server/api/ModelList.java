package dev.samovar.server.api;

import java.util.List;

/** The {@code GET /v1/models} answer. */
public record ModelList(String object, List<Model> data) {

  /** One served model id. */
  public record Model(String id, String object, long created, String ownedBy) {}

  /** The list of {@code ids}, all created at {@code created} (unix seconds). */
  public static ModelList of(List<String> ids, long created) {
    return new ModelList(
        "list", ids.stream().map(id -> new Model(id, "model", created, "samovar")).toList());
  }
}
