package dev.samovar.server.api;

import java.util.List;

/** The {@code GET /v1/models} answer. */
public record ModelList(String object, List<Model> data) {

  public ModelList {
    data = List.copyOf(data);
  }

  /** One served model id, also the {@code GET /v1/models/{id}} answer. */
  public record Model(String id, String object, long created, String ownedBy) {

    /** The model object of {@code id}, created at {@code created} (unix seconds). */
    public static Model of(String id, long created) {
      return new Model(id, "model", created, "samovar");
    }
  }

  /** The list of {@code ids}, all created at {@code created} (unix seconds). */
  public static ModelList of(List<String> ids, long created) {
    return new ModelList("list", ids.stream().map(id -> Model.of(id, created)).toList());
  }
}
