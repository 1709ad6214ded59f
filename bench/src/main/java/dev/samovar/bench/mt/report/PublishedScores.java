package dev.samovar.bench.mt.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.client.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The published reference scores kept in {@code published-mt-bench.json} next to this class: the
 * anchors of the comparison (GPT-3.5 Turbo, the served fine-tune, Suzume, Llama-3-8B-Instruct,
 * ...), each with its source.
 */
public final class PublishedScores {
  private static final String RESOURCE = "published-mt-bench.json";

  private PublishedScores() {}

  /** Every published score, in file order. */
  public static List<PublishedScore> all() {
    try (InputStream in = PublishedScores.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the bench jar");
      }
      List<PublishedScore> scores = new ArrayList<>();
      for (JsonNode row : Json.MAPPER.readTree(in)) {
        scores.add(
            new PublishedScore(
                row.get("set").textValue(),
                row.get("model").textValue(),
                row.get("score").doubleValue(),
                Optional.ofNullable(row.get("judge").textValue()),
                row.get("source").textValue(),
                Optional.ofNullable(row.get("note").textValue())));
      }
      return List.copyOf(scores);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scores published for question set {@code set} ("en", "ru-lightblue"). */
  public static List<PublishedScore> forSet(String set) {
    return all().stream().filter(score -> score.set().equals(set)).toList();
  }
}
