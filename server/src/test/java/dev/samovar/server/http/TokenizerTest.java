package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenizerTest {
  private static final TestServer SERVER = TestServer.ready();

  @AfterAll
  static void close() {
    SERVER.close();
  }

  @Test
  void tokenizesWithoutBosUnlessAsked() throws Exception {
    HttpResponse<String> plain = SERVER.post("/tokenize", "{\"content\":\"Да\"}");
    HttpResponse<String> special =
        SERVER.post("/tokenize", "{\"content\":\"Да\",\"add_special\":true}");

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body()).isEqualTo("{\"tokens\":[1044,1072]}");
    assertThat(special.body()).isEqualTo("{\"tokens\":[0,1044,1072]}");
  }

  @Test
  void givesPiecesAsTextOrAsBytesWhenTheyAreNotUtf8() throws Exception {
    HttpResponse<String> response =
        SERVER.post(
            "/tokenize",
            "{\"content\":\"ё🫖\",\"with_pieces\":true,\"add_special\":true,\"extra\":1}");

    assertThat(json(response))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"tokens":[{"id":0,"piece":"<s>"},{"id":1105,"piece":"ё"},
                           {"id":56560,"piece":[240]},{"id":56479,"piece":[159]},
                           {"id":56491,"piece":[171]},{"id":56470,"piece":[150]}]}
                """));
  }

  @Test
  void detokenizesBackToTheText() throws Exception {
    HttpResponse<String> response =
        SERVER.post("/detokenize", "{\"tokens\":[1105,56560,56479,56491,56470,33]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"content\":\"ё🫖!\"}");
    assertThat(SERVER.post("/detokenize", "{\"tokens\":[]}").body())
        .isEqualTo("{\"content\":\"\"}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /tokenize   | {}                                 | content      | Missing required parameter: 'content'.
          /tokenize   | {"content":5}                      | content      | Invalid type for 'content': expected a string.
          /tokenize   | {"content":"a","with_pieces":"y"}  | with_pieces  | Invalid type for 'with_pieces': expected a boolean.
          /tokenize   | {"content":"a","add_special":1}    | add_special  | Invalid type for 'add_special': expected a boolean.
          /detokenize | {}                                 | tokens       | Missing required parameter: 'tokens'.
          /detokenize | {"tokens":"a"}                     | tokens       | Invalid type for 'tokens': expected an array of token ids.
          /detokenize | {"tokens":[1,"a"]}                 | tokens[1]    | Invalid type for 'tokens[1]': expected a token id.
          /detokenize | {"tokens":[1114112]}               | tokens[0]    | Invalid value for 'tokens[0]': 1114112 is not a token id; this model's ids are 0 to 1114111.
          /detokenize | {"tokens":[-1]}                    | tokens[0]    | Invalid value for 'tokens[0]': -1 is not a token id; this model's ids are 0 to 1114111.
          """)
  void refusesBadBodies(String path, String body, String param, String message) throws Exception {
    HttpResponse<String> response = SERVER.post(path, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error"))
        .isEqualTo(
            Json.MAPPER
                .createObjectNode()
                .put("message", message)
                .put("type", "invalid_request_error")
                .put("param", param)
                .putNull("code"));
  }
}
