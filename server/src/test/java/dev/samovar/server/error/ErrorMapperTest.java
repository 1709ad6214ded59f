package dev.samovar.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.engine.ModelLoadException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

  @Test
  void hidesUnexpectedFailuresBehindAGeneric500() {
    ApiError error = ErrorMapper.map(new IllegalStateException("internal detail"));

    assertThat(error)
        .isEqualTo(
            ApiError.of(
                500, "The server failed to handle the request.", "server_error", null, null));
  }

  @Test
  void passesEngineMessagesThrough() {
    ApiError error = ErrorMapper.map(new ModelLoadException("model file is truncated"));

    assertThat(error)
        .isEqualTo(ApiError.of(500, "model file is truncated", "server_error", null, null));
  }

  @Test
  void refusesOverloadWithRetryAfterAndOpenAisRateLimitFields() {
    ApiError error = ErrorMapper.map(new OverloadedException("busy", 3));

    assertThat(error)
        .isEqualTo(
            new ApiError(
                429,
                Map.of("Retry-After", "3"),
                new ApiError.Body(
                    new ApiError.Detail("busy", "requests", null, "rate_limit_exceeded"))));
  }

  @Test
  void answersATimeoutWith504ThatTheSdksDoNotRetry() {
    ApiError error = ErrorMapper.map(new RequestTimeoutException("too slow"));

    assertThat(error)
        .isEqualTo(
            new ApiError(
                504,
                Map.of("x-should-retry", "false"),
                new ApiError.Body(
                    new ApiError.Detail("too slow", "server_error", null, "timeout"))));
  }

  @Test
  void namesTheRequestFieldOfAnEngineRefusal() {
    assertThat(ErrorMapper.map(new InvalidGenerationRequestException("jsonSchema", "bad")))
        .isEqualTo(ApiError.of(400, "bad", "invalid_request_error", "response_format", null));
    assertThat(ErrorMapper.map(new InvalidGenerationRequestException("logitBias", "bad")))
        .isEqualTo(ApiError.of(400, "bad", "invalid_request_error", "logit_bias", null));
    assertThat(ErrorMapper.map(new InvalidGenerationRequestException("prompt", "bad")))
        .isEqualTo(ApiError.of(400, "bad", "invalid_request_error", "prompt", null));
  }

  @Test
  void reportsBothCountsOfATooLongPrompt() {
    assertThat(ErrorMapper.map(new ContextLengthExceededException(10, 8)))
        .isEqualTo(
            ApiError.of(
                400,
                "This model's maximum context length is 8 tokens, but the prompt has 10 tokens.",
                "invalid_request_error",
                "messages",
                "context_length_exceeded"));
  }
}
