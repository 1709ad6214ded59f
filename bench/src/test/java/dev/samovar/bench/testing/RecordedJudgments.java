package dev.samovar.bench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.bench.mt.Judgment;
import dev.samovar.bench.mt.Score;
import dev.samovar.client.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Judge outputs written for these tests in the style of GPT-4's MT-Bench judgments: two models,
 * three questions (writing 81, math 111, extraction 131), both turns; with integer and float
 * ratings, a [x] fallback, a failed call ($ERROR$), a text without a rating and a rating of 11.
 */
public final class RecordedJudgments {
  private RecordedJudgments() {}

  /**
   * The judgments with their scores read from the judge's text, as the judge command reads them.
   */
  public static List<Judgment> load() {
    List<Judgment> judgments = new ArrayList<>();
    try (InputStream in =
            RecordedJudgments.class.getResourceAsStream(
                "/dev/samovar/bench/mt/report/recorded-judge-outputs.jsonl");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode row = Json.MAPPER.readTree(line);
        String text = row.get("judgment").textValue();
        int turn = row.get("turn").intValue();
        judgments.add(
            new Judgment(
                row.get("question_id").intValue(),
                row.get("model").textValue(),
                row.get("judge").textValue(),
                turn == 1 ? "single-v1" : "single-v1-multi-turn",
                "prompt",
                text,
                Score.extract(text),
                turn));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return judgments;
  }
}
