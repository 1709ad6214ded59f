package dev.samovar.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.ModelLoadException;
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
}
