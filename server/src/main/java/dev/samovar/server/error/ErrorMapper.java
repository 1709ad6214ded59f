package dev.samovar.server.error;

import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.EngineStoppedException;
import dev.samovar.engine.InvalidGenerationRequestException;
import io.javalin.http.HttpResponseException;
import java.util.Map;

/** The one place where failures become HTTP statuses and OpenAI error objects. */
public final class ErrorMapper {
  static final String INVALID_REQUEST = "invalid_request_error";
  static final String SERVER_ERROR = "server_error";

  /** OpenAI's error type for request-rate limits. */
  static final String RATE_LIMIT = "requests";

  private ErrorMapper() {}

  /** The status, headers and error object for {@code failure}. */
  public static ApiError map(Exception failure) {
    return switch (failure) {
      case InvalidRequestException e ->
          ApiError.of(400, e.getMessage(), INVALID_REQUEST, e.param(), e.code());
      case ModelNotFoundException e ->
          ApiError.of(404, e.getMessage(), INVALID_REQUEST, "model", "model_not_found");
      case ModelLoadingException e -> ApiError.of(503, e.getMessage(), SERVER_ERROR, null, null);
      case ShuttingDownException e -> ApiError.of(503, e.getMessage(), SERVER_ERROR, null, null);
      case UnauthorizedException e ->
          ApiError.of(401, e.getMessage(), INVALID_REQUEST, null, "invalid_api_key");
      case OverloadedException e ->
          new ApiError(
              429,
              Map.of("Retry-After", String.valueOf(e.retryAfterSeconds())),
              new ApiError.Body(
                  new ApiError.Detail(e.getMessage(), RATE_LIMIT, null, "rate_limit_exceeded")));
      // A retry would wait as long again; the header tells the official SDKs not to.
      case RequestTimeoutException e ->
          new ApiError(
              504,
              Map.of("x-should-retry", "false"),
              new ApiError.Body(
                  new ApiError.Detail(e.getMessage(), SERVER_ERROR, null, "timeout")));
      case ContextLengthExceededException e ->
          ApiError.of(400, e.getMessage(), INVALID_REQUEST, "messages", "context_length_exceeded");
      case InvalidGenerationRequestException e ->
          ApiError.of(400, e.getMessage(), INVALID_REQUEST, RequestParams.of(e.field()), null);
      case EngineStoppedException e -> ApiError.of(503, e.getMessage(), SERVER_ERROR, null, null);
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
