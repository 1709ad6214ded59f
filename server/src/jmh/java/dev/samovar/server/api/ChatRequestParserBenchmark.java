package dev.samovar.server.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing and validating a {@code /v1/chat/completions} body as the handler does: a streamed
 * request with a system prompt, a three-turn conversation and the usual sampling fields.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChatRequestParserBenchmark {
  private final byte[] body =
      ("{\"model\":\"ru-llama3-8b:Q4_K_M\",\"stream\":true,"
              + "\"stream_options\":{\"include_usage\":true},"
              + "\"temperature\":0.7,\"top_p\":0.9,\"max_tokens\":256,\"seed\":42,"
              + "\"stop\":[\"\\n\\n\\n\"],\"messages\":["
              + "{\"role\":\"system\",\"content\":\"Ты полезный ассистент. Отвечай кратко и по делу.\"},"
              + "{\"role\":\"user\",\"content\":\"Привет! Расскажи, как заварить чай в самоваре.\"},"
              + "{\"role\":\"assistant\",\"content\":\"Налейте воду, разожгите угли в трубе, дождитесь"
              + " кипения и заварите чай в чайнике на конфорке.\"},"
              + "{\"role\":\"user\",\"content\":\"А сколько заварки класть на литр воды?\"}]}")
          .getBytes(UTF_8);

  /** One body, parsed and validated. */
  @Benchmark
  public ChatRequest parse() {
    return ChatRequestParser.parse(body);
  }
}
