package dev.samovar.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointTest {
  @Test
  void appendsChatCompletionsToTheBaseUrl() {
    assertThat(Endpoint.of("http://127.0.0.1:8080/v1", Optional.empty()).chatCompletions())
        .isEqualTo(URI.create("http://127.0.0.1:8080/v1/chat/completions"));
    assertThat(Endpoint.of(" https://api.openai.com/v1/ ", Optional.of("k")).chatCompletions())
        .isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
  }

  @Test
  void rejectsWhatIsNotAnHttpBaseUrl() {
    assertThatThrownBy(() -> Endpoint.of("127.0.0.1:8080/v1", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expected an http(s) base URL including the API version, such as"
                + " http://127.0.0.1:8080/v1: 127.0.0.1:8080/v1");
    assertThatThrownBy(() -> Endpoint.of("ftp://host/v1", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Endpoint.of("http://host/v1?x=1", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Endpoint.of("http://host/ v1", Optional.empty()))
        .hasMessage(
            "expected an http(s) base URL including the API version, such as"
                + " http://127.0.0.1:8080/v1: http://host/ v1");
  }
}
