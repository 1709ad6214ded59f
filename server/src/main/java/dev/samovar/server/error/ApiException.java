package dev.samovar.server.error;

/** A request the API refuses; {@link ErrorMapper} turns each subtype into one HTTP status. */
public abstract sealed class ApiException extends RuntimeException
    permits InvalidRequestException,
        ModelNotFoundException,
        ModelLoadingException,
        OverloadedException,
        RequestTimeoutException,
        ShuttingDownException,
        UnauthorizedException {

  ApiException(String message) {
    super(message);
  }
}
