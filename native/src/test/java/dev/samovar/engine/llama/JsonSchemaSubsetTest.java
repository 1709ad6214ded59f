package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.InvalidGenerationRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSchemaSubsetTest {
  private static final String ANY =
      "{\"type\":[\"object\",\"array\",\"string\",\"number\",\"boolean\",\"null\"]}";

  @Test
  void keepsTheSupportedKeywordsAndDropsAnnotations() {
    String schema =
        """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Чай",
         "type": "object", "description": "an order",
         "properties": {
           "kind": {"enum": ["чёрный", "зелёный"], "description": "which tea"},
           "cups": {"type": "integer", "minimum": 1, "exclusiveMaximum": 13, "examples": [2]},
           "name": {"type": "string", "minLength": 1, "maxLength": 12.0, "format": "email"},
           "when": {"type": "string", "format": "date-time"},
           "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3,
                    "uniqueItems": false}},
         "required": ["kind", "cups"],
         "additionalProperties": false}
        """;
    assertThat(JsonSchemaSubset.canonical(schema))
        .isEqualTo(
            "{\"type\":\"object\",\"properties\":{"
                + "\"kind\":{\"enum\":[\"чёрный\",\"зелёный\"]},"
                + "\"cups\":{\"type\":\"integer\",\"minimum\":1,\"exclusiveMaximum\":13},"
                + "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":12},"
                + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":3}},"
                + "\"required\":[\"kind\",\"cups\"],\"additionalProperties\":false}");
  }

  @Test
  void anEmptySchemaOrTrueAllowsAnyValue() {
    assertThat(JsonSchemaSubset.canonical("{}")).isEqualTo(ANY);
    assertThat(JsonSchemaSubset.canonical("true")).isEqualTo(ANY);
    assertThat(JsonSchemaSubset.canonical("{\"description\": \"anything\"}")).isEqualTo(ANY);
    assertThat(JsonSchemaSubset.canonical("{\"type\":\"object\",\"properties\":{\"a\":true}}"))
        .isEqualTo("{\"type\":\"object\",\"properties\":{\"a\":" + ANY + "}}");
  }

  @Test
  void impliedTypesAreWrittenOut() {
    assertThat(JsonSchemaSubset.canonical("{\"required\": []}"))
        .isEqualTo("{\"type\":\"object\",\"required\":[]}");
    assertThat(JsonSchemaSubset.canonical("{\"items\": {\"type\": \"null\"}}"))
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"null\"}}");
  }

  @Test
  void aOneElementAllOfBecomesAnyOfAndRefsStayLocal() {
    String schema =
        """
        {"$defs": {"tea": {"type": "string", "maxLength": 5}},
         "type": "object",
         "properties": {"a": {"allOf": [{"$ref": "#/$defs/tea"}], "description": "x"},
                        "b": {"$ref": "#/properties/a"}}}
        """;
    assertThat(JsonSchemaSubset.canonical(schema))
        .isEqualTo(
            "{\"$defs\":{\"tea\":{\"type\":\"string\",\"maxLength\":5}},\"type\":\"object\","
                + "\"properties\":{\"a\":{\"anyOf\":[{\"$ref\":\"#/$defs/tea\"}]},"
                + "\"b\":{\"$ref\":\"#/properties/a\"}}}");
  }

  @Test
  void typeListsKeepTheKeywordsOfEachType() {
    assertThat(
            JsonSchemaSubset.canonical(
                "{\"type\": [\"string\", \"null\"], \"maxLength\": 4, \"title\": \"t\"}"))
        .isEqualTo("{\"type\":[\"string\",\"null\"],\"maxLength\":4}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not json                                   | the JSON schema is not valid JSON: Unrecognized token 'not'
          {"a": 1} {"b": 2}                          | the JSON schema is not valid JSON: Trailing token
          {"type": "object", "type": "string"}       | the JSON schema is not valid JSON: Duplicate field 'type'
          ''                                         | the JSON schema is empty
          []                                         | at the root: a schema must be an object or a boolean, not ARRAY
          false                                      | at the root: the schema false allows no value
          {"type": "foo"}                            | at the root: "type" must be one of
          {"type": []}                               | at the root: "type" must be one of
          {"type": ["string", "string"]}             | at the root: "type" lists a type twice
          {"type": "string", "pattern": "^a$"}       | at the root: the keyword "pattern" is not supported
          {"not": {}}                                | at the root: the keyword "not" is not supported
          {"type": "array", "uniqueItems": true}     | at the root: only "uniqueItems": false is supported
          {"type": "number", "minimum": 0}           | at the root: "minimum" applies to integer schemas only
          {"minLength": 1}                           | at the root: keywords [minLength] need a "type"
          {"properties": {}, "items": {}}            | at the root: keywords [properties, items] need a "type"
          {"type": "string", "maxLength": 1001}      | at the root: "maxLength" must be an integer in [0, 1000]
          {"type": "string", "maxLength": "5"}       | at the root: "maxLength" must be an integer in [0, 1000]
          {"type": "string", "minLength": 3, "maxLength": 2} | at the root: "minLength" 3 exceeds "maxLength" 2
          {"type": "string", "format": "date", "maxLength": 9} | at the root: "format" cannot be combined with "minLength" or "maxLength"
          {"type": "string", "format": 5}            | at the root: "format" must be a string
          {"type": "integer", "minimum": 1.5}        | at the root: "minimum" must be an integer in [-9007199254740992, 9007199254740992]
          {"type": "integer", "maximum": -9223372036854775808} | at the root: "maximum" must be an integer in [-9007199254740992, 9007199254740992]
          {"type": "integer", "minimum": 3, "maximum": 2} | at the root: no integer lies within the bounds
          {"type": "integer", "exclusiveMinimum": 2, "exclusiveMaximum": 3} | at the root: no integer lies within the bounds
          {"type": "integer", "minimum": 1, "exclusiveMinimum": 0} | at the root: use either "minimum" or "exclusiveMinimum"
          {"type": "array", "minItems": 1}           | at the root: "minItems" and "maxItems" need "items" to be one schema
          {"type": "array", "items": {}, "prefixItems": [{}]} | at the root: use either "items" or "prefixItems"
          {"type": "array", "items": []}             | at /items: must be a non-empty array of schemas
          {"enum": []}                               | at the root: "enum" must be a non-empty array
          {"enum": [1], "const": 1}                  | at the root: use either "const" or "enum"
          {"enum": [1], "minimum": 1}                | at the root: "minimum" cannot be combined with "enum"
          {"enum": [1e400]}                          | at /enum: the number Infinity is out of range
          {"const": [99999999999999999999999]}       | at /const: the number 99999999999999999999999 is out of range
          {"anyOf": [{}], "type": "string"}          | at the root: "anyOf" cannot be combined with [type]
          {"anyOf": []}                              | at /anyOf: must be a non-empty array of schemas
          {"allOf": [{}, {}]}                        | at the root: "allOf" is supported with exactly one schema
          {"$ref": "#/$defs/a", "type": "string"}    | at the root: "$ref" cannot be combined with [type]
          {"$ref": "https://example.com/s.json"}     | at the root: "$ref" must point into this document
          {"$ref": "#/$defs/a~1b", "$defs": {"a/b": {}}} | at the root: "$ref" must point into this document
          {"$ref": "#/$defs/missing"}                | at the root: "$ref" #/$defs/missing does not point to a schema of this document
          {"type": "object", "properties": {"a": {"$ref": "#/required"}}, "required": []} | at /properties/a: "$ref" #/required does not point to a schema
          {"type": "object", "properties": {"": {}}} | at /properties: property names must not be empty
          {"type": "object", "properties": [{}]}     | at the root: "properties" must be an object of schemas
          {"type": "object", "properties": {"a": {}}, "required": ["b"]} | at the root: "required" names "b", which is not in "properties"
          {"type": "object", "properties": {"a": {}}, "required": ["a", "a"]} | at the root: "required" names "a" twice
          {"type": "object", "properties": {"a": {"type": "integer", "maximum": "x"}}} | at /properties/a: "maximum" must be an integer
          {"type": "object", "additionalProperties": 5} | at /additionalProperties: a schema must be an object or a boolean, not NUMBER
          """)
  void rejectsWhatTheConverterWouldMishandle(String schema, String message) {
    assertThatThrownBy(() -> JsonSchemaSubset.canonical(schema))
        .isInstanceOfSatisfying(
            InvalidGenerationRequestException.class,
            e -> assertThat(e.field()).isEqualTo("jsonSchema"))
        .hasMessageContaining(message);
  }

  @Test
  void deepNestingIsRefused() {
    String schema = "{\"type\":\"array\",\"items\":".repeat(40) + "{}" + "}".repeat(40);
    assertThatThrownBy(() -> JsonSchemaSubset.canonical(schema))
        .hasMessageContaining("schemas nest deeper than 32 levels");
  }
}
