package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.SamplingParams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Generations constrained by JSON schemas, sampled, on two sequences of 512 tokens. */
class JsonSchemaIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Enums, an integer range, a bounded string, a boolean; all required, nothing else. */
  private static final String ORDER =
      """
      {"type": "object",
       "properties": {
         "mood": {"enum": ["хорошо", "плохо", "нормально"]},
         "cups": {"type": "integer", "minimum": 1, "maximum": 12},
         "name": {"type": "string", "minLength": 1, "maxLength": 12},
         "sweet": {"type": "boolean"}},
       "required": ["mood", "cups", "name", "sweet"],
       "additionalProperties": false}
      """;

  /** A bounded array, a nullable bounded string, a $ref'd object with a const, an optional flag. */
  private static final String BASKET =
      """
      {"type": "object",
       "$defs": {"tea": {"type": "object",
                         "properties": {"kind": {"const": "чёрный"},
                                        "grams": {"type": "integer", "minimum": -50,
                                                  "maximum": 100}},
                         "required": ["kind", "grams"], "additionalProperties": false}},
       "properties": {
         "counts": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 9},
                    "minItems": 1, "maxItems": 4},
         "note": {"anyOf": [{"type": "string", "maxLength": 8}, {"type": "null"}]},
         "tea": {"$ref": "#/$defs/tea"},
         "fresh": {"type": "boolean"}},
       "required": ["counts", "note", "tea"],
       "additionalProperties": false}
      """;

  @TempDir static Path dir;
  private static InferenceEngine engine;

  @BeforeAll
  static void load() {
    engine = TinyEngines.load(dir, 512, 2);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void sampledOrdersParseAndSatisfyTheSchema() throws Exception {
    for (JsonNode order : generate(ORDER, 1)) {
      assertThat(names(order)).isEqualTo(Set.of("mood", "cups", "name", "sweet"));
      assertThat(order.get("mood").textValue()).isIn("хорошо", "плохо", "нормально");
      assertThat(order.get("cups").isIntegralNumber()).isTrue();
      assertThat(order.get("cups").intValue()).isBetween(1, 12);
      String name = order.get("name").textValue();
      assertThat(name).isNotNull();
      assertThat(name.codePointCount(0, name.length())).isBetween(1, 12);
      assertThat(order.get("sweet").isBoolean()).isTrue();
    }
  }

  @Test
  void sampledBasketsParseAndSatisfyTheSchema() throws Exception {
    for (JsonNode basket : generate(BASKET, 101)) {
      assertThat(names(basket)).containsAll(Set.of("counts", "note", "tea"));
      assertThat(Set.of("counts", "note", "tea", "fresh")).containsAll(names(basket));
      JsonNode counts = basket.get("counts");
      assertThat(counts.isArray()).isTrue();
      assertThat(counts.size()).isBetween(1, 4);
      counts.forEach(
          count -> {
            assertThat(count.isIntegralNumber()).isTrue();
            assertThat(count.intValue()).isBetween(0, 9);
          });
      JsonNode note = basket.get("note");
      assertThat(note.isNull() || note.isTextual()).as("note %s", note).isTrue();
      if (note.isTextual()) {
        assertThat(note.textValue().codePointCount(0, note.textValue().length())).isLessThan(9);
      }
      JsonNode tea = basket.get("tea");
      assertThat(names(tea)).isEqualTo(Set.of("kind", "grams"));
      assertThat(tea.get("kind").textValue()).isEqualTo("чёрный");
      assertThat(tea.get("grams").isIntegralNumber()).isTrue();
      assertThat(tea.get("grams").intValue()).isBetween(-50, 100);
      if (basket.has("fresh")) {
        assertThat(basket.get("fresh").isBoolean()).isTrue();
      }
    }
  }

  @Test
  void greedyOutputIsCompactJson() throws Exception {
    CollectingSink sink = new CollectingSink();
    engine.submit(GenerationRequest.builder(chat()).jsonSchema(ORDER).maxTokens(200).build(), sink);
    assertThat(sink.await().finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(sink.text()).doesNotContain("\n").doesNotContain("  ");
    assertThat(JSON.readTree(sink.text()).isObject()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\": \"string\", \"pattern\": \"^a$\"}",
        "not json",
        "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/$defs/none\"}}}",
        "{\"enum\": [1e400]}",
        "{\"type\": \"integer\", \"maximum\": -9223372036854775808}",
        "{\"type\": \"string\", \"format\": 7}",
        "{\"type\": \"object\", \"properties\": {\"\": {}}}"
      })
  void schemasTheConverterCannotHandleFailTheSubmit(String schema) {
    assertThatThrownBy(() -> submit(schema))
        .isInstanceOfSatisfying(
            InvalidGenerationRequestException.class,
            e -> assertThat(e.field()).isEqualTo("jsonSchema"))
        .hasMessageContaining("JSON schema")
        .satisfies(e -> assertThat(engine.status().queued()).isZero());
  }

  @Test
  void aGrammarLlamaCppRejectsFailsTheSubmit() {
    String leftRecursive =
        "{\"$defs\": {\"a\": {\"anyOf\": [{\"$ref\": \"#/$defs/a\"}, {\"type\": \"null\"}]}},"
            + " \"$ref\": \"#/$defs/a\"}";
    assertThatThrownBy(() -> submit(leftRecursive))
        .isInstanceOfSatisfying(
            InvalidGenerationRequestException.class,
            e -> assertThat(e.field()).isEqualTo("jsonSchema"))
        .hasMessageStartingWith("llama.cpp cannot use the grammar of the JSON schema");
  }

  @Test
  void unusualButValidSchemasStillWork() throws Exception {
    int stopped = 0;
    for (String schema :
        List.of(
            "{\"enum\": [\"🫖\", \"\\ud800\", 3.5, null, [1, {\"a\": true}]]}",
            "{\"type\": \"object\", \"properties\": {\"a b/c\": {\"type\": \"integer\","
                + " \"minimum\": -5, \"maximum\": 5}}, \"required\": [\"a b/c\"]}",
            "{\"type\": \"string\", \"maxLength\": 1000}")) {
      CollectingSink sink = new CollectingSink();
      engine.submit(
          GenerationRequest.builder(chat())
              .jsonSchema(schema)
              .sampling(SamplingParams.of(0.9, 1, 7L))
              .maxTokens(40)
              .build(),
          sink);
      GenerationResult result = sink.await();
      if (result.finishReason() == FinishReason.STOP) {
        assertThat(JSON.readTree(sink.text())).as(schema).isNotInstanceOf(MissingNode.class);
        stopped++;
      } else {
        assertThat(result.finishReason()).as(schema).isEqualTo(FinishReason.LENGTH);
      }
    }
    assertThat(stopped).as("schemas whose document ended within 40 tokens").isPositive();
  }

  @Test
  void whereTextIsAllowedTheOutputIsTextOrADocument() throws Exception {
    int brace = engine.tokenize("{", false, false)[0];
    int texts = 0;
    for (int seed = 0; seed < 6; seed++) {
      // Half the runs are pushed towards '{', so that both branches are taken.
      Map<Integer, Double> bias = seed % 2 == 0 ? Map.of(brace, 50.0) : Map.of();
      CollectingSink sink = new CollectingSink();
      engine.submit(
          GenerationRequest.builder(chat())
              .jsonSchema(ORDER)
              .textAllowed(true)
              .sampling(
                  SamplingParams.builder().temperature(1).seed((long) seed).logitBias(bias).build())
              .maxTokens(200)
              .build(),
          sink);
      GenerationResult result = sink.await();
      String text = sink.text();
      if (text.startsWith("{")) {
        assertThat(result.finishReason()).as(text).isEqualTo(FinishReason.STOP);
        assertThat(names(JSON.readTree(text)))
            .as(text)
            .isEqualTo(Set.of("mood", "cups", "name", "sweet"));
      } else {
        assertThat(text).isNotEmpty();
        texts++;
      }
    }
    assertThat(texts).as("runs that answered in text").isBetween(1, 5);
  }

  @Test
  void textCannotBeAllowedWithoutASchema() {
    assertThatThrownBy(() -> GenerationRequest.builder(chat()).textAllowed(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("textAllowed");
  }

  @Test
  void ignoringTheEndCannotBeCombinedWithASchema() {
    assertThatThrownBy(
            () ->
                engine.submit(
                    GenerationRequest.builder(chat()).jsonSchema(ORDER).ignoreEos(true).build(),
                    new CollectingSink()))
        .isInstanceOfSatisfying(
            InvalidGenerationRequestException.class,
            e -> assertThat(e.field()).isEqualTo("ignoreEos"));
  }

  /** Ten generations at temperatures 0.8 to 1.0 with seeds from {@code firstSeed}. */
  private static List<JsonNode> generate(String schema, long firstSeed) throws Exception {
    List<CollectingSink> sinks = Stream.generate(CollectingSink::new).limit(10).toList();
    for (int i = 0; i < sinks.size(); i++) {
      GenerationRequest request =
          GenerationRequest.builder(chat())
              .jsonSchema(schema)
              .sampling(SamplingParams.of(0.8 + 0.1 * (i % 3), 1, firstSeed + i))
              .maxTokens(200)
              .build();
      engine.submit(request, sinks.get(i));
    }
    List<JsonNode> documents = new java.util.ArrayList<>();
    for (CollectingSink sink : sinks) {
      GenerationResult result = sink.await();
      assertThat(result.finishReason())
          .as("ended by the grammar: %s", sink.text())
          .isEqualTo(FinishReason.STOP);
      JsonNode document = JSON.readTree(sink.text());
      assertThat(document.isObject()).as(sink.text()).isTrue();
      documents.add(document);
    }
    assertThat(documents.stream().map(JsonNode::toString).distinct().count())
        .as("different seeds give different documents")
        .isGreaterThan(1);
    return documents;
  }

  private static void submit(String schema) {
    engine.submit(
        GenerationRequest.builder(chat()).jsonSchema(schema).maxTokens(10).build(),
        new CollectingSink());
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new java.util.HashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Prompt chat() {
    return engine.renderChat(List.of(new ChatMessage("user", "Закажи чай в JSON.")));
  }
}
