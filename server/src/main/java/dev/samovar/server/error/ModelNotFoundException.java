package dev.samovar.server.error;

import java.util.List;

/** The request names a model this server does not serve (HTTP 404). */
public final class ModelNotFoundException extends ApiException {

  public ModelNotFoundException(String model, List<String> served) {
    super(
        "The model '"
            + model
            + "' does not exist; this server serves: "
            + String.join(", ", served)
            + ".");
  }
}
