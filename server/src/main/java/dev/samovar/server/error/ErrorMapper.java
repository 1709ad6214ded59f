package dev.samovar.server.error;

import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.EngineException;
import io.javalin.http.HttpResponseException;

/** The one place where failures become HTTP statuses and OpenAI error objects. */
public final class ErrorMapper {
  static final String INVALID_REQUEST = "invalid_request_error";
  static final String SERVER_ERROR = "server_error";

  private ErrorMapper() {}

  /** The status and error object for {@code failure}. */
  public static ApiError map(Exception failure) {
    return switch (failure) {
      case InvalidRequestException e ->
          ApiError.of(400, e.getMessage(), INVALID_REQUEST, e.param(), null);
      case ModelNotFoundException e ->
          ApiError.of(404, e.getMessage(), INVALID_REQUEST, "model", "model_not_found");
      case ModelLoadingException e -> ApiError.of(503, e.getMessage(), SERVER_ERROR, null, null);
      case ContextLengthExceededException e ->
          ApiError.of(400, e.getMessage(), INVALID_REQUEST, "messages", "context_length_exceeded");
      case EngineException e -> ApiError.of(500, e.getMessage(), SERVER_ERROR, null, null);
      case HttpResponseException e ->
          ApiError.of(
              e.getStatus(),
              e.getMessage(),
              e.getStatus() >= 500 ? SERVER_ERROR : INVALID_REQUEST,
              null,
              null);
      default ->
          ApiError.of(500, "The server failed to handle the request.", SERVER_ERROR, null, null);
    };
  }
}
