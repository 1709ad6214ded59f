package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.client.Json;
import org.junit.jupiter.api.Test;

class PythonStrTest {
  private static String str(String json) throws Exception {
    return PythonStr.of(Json.MAPPER.readTree(json)).orElseThrow();
  }

  @Test
  void writesNumbersAsPythonsStrDoes() throws Exception {
    assertThat(str("12000")).isEqualTo("12000");
    assertThat(str("-7")).isEqualTo("-7");
    assertThat(str("123456789012345678901234567890")).isEqualTo("123456789012345678901234567890");
    assertThat(str("0.19")).isEqualTo("0.19");
    assertThat(str("2.0")).isEqualTo("2.0");
    assertThat(str("2.50")).isEqualTo("2.5");
    assertThat(str("-2.5")).isEqualTo("-2.5");
    assertThat(str("0.0001")).isEqualTo("0.0001");
    assertThat(str("0.00001")).isEqualTo("1e-05");
    assertThat(str("1.5e-7")).isEqualTo("1.5e-07");
    assertThat(str("12345678.9")).isEqualTo("12345678.9");
    assertThat(str("1e15")).isEqualTo("1000000000000000.0");
    assertThat(str("1e16")).isEqualTo("1e+16");
    assertThat(str("123456789012345680.0")).isEqualTo("1.2345678901234568e+17");
    assertThat(str("0.0")).isEqualTo("0.0");
    assertThat(str("-0.0")).isEqualTo("-0.0");
    assertThat(str("true")).isEqualTo("True");
    assertThat(str("\"text\"")).isEqualTo("text");
  }

  @Test
  void hasNoTextForNullArraysAndObjects() throws Exception {
    assertThat(PythonStr.of(Json.MAPPER.readTree("null"))).isEmpty();
    assertThat(PythonStr.of(Json.MAPPER.readTree("[1]"))).isEmpty();
    assertThat(PythonStr.of(Json.MAPPER.readTree("{}"))).isEmpty();
  }
}
