package dev.samovar.training.dataset.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.client.Json;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a generate run did and what it cost.
 *
 * @param prompts prompts in the prompts file
 * @param earlier prompts of the prompts file already in {@code --out} when the run started
 * @param written records this run wrote
 * @param failed prompts whose requests failed for good (left for the next run)
 * @param truncated records this run generated with an answer cut off at {@code max_tokens}
 * @param droppedTruncated of those, left out by {@code --drop-truncated}
 * @param turns answers received by this run (in written and dropped records, and the earlier turns
 *     of prompts that failed at a later one: their tokens are paid for too)
 * @param promptTokens {@code usage.prompt_tokens} summed over those answers
 * @param completionTokens {@code usage.completion_tokens} summed over those answers
 * @param withoutUsage answers that came without {@code usage}
 * @param retries requests tried again
 * @param prices the prices per million tokens, when given
 */
public record Tally(
    int prompts,
    int earlier,
    int written,
    int failed,
    int truncated,
    int droppedTruncated,
    long turns,
    long promptTokens,
    long completionTokens,
    long withoutUsage,
    long retries,
    Optional<Prices> prices) {
  /**
   * Prices in US dollars per million tokens.
   *
   * @param input per million prompt tokens
   * @param output per million completion tokens
   */
  public record Prices(double input, double output) {
    public Prices {
      if (!(input >= 0 && output >= 0 && Double.isFinite(input) && Double.isFinite(output))) {
        throw new IllegalArgumentException(
            "prices must be finite and >= 0: " + input + ", " + output);
      }
    }
  }

  /** The cost in US dollars of this run's tokens, when prices were given. */
  public Optional<Double> cost() {
    return prices.map(p -> (promptTokens * p.input() + completionTokens * p.output()) / 1e6);
  }

  /** The summary printed at the end. */
  public List<String> lines() {
    return List.of(
        String.format(
            Locale.ROOT,
            "prompts: %d, done earlier: %d, written now: %d, failed: %d, truncated: %d (dropped: %d)",
            prompts,
            earlier,
            written,
            failed,
            truncated,
            droppedTruncated),
        String.format(
            Locale.ROOT,
            "turns: %d, prompt tokens: %d, completion tokens: %d%s, retries: %d",
            turns,
            promptTokens,
            completionTokens,
            withoutUsage == 0 ? "" : " (" + withoutUsage + " answers without usage)",
            retries),
        cost().map(usd -> String.format(Locale.ROOT, "cost: $%.4f", usd)).orElse("cost: n/a"));
  }

  /** The summary as JSON ({@code OUT.summary.json}). */
  public ObjectNode toJson() {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("prompts", prompts)
        .put("done_earlier", earlier)
        .put("written", written)
        .put("failed", failed)
        .put("truncated", truncated)
        .put("dropped_truncated", droppedTruncated)
        .put("turns", turns)
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("answers_without_usage", withoutUsage)
        .put("retries", retries);
    prices.ifPresentOrElse(
        p ->
            json.put("price_in_usd_per_1m", p.input())
                .put("price_out_usd_per_1m", p.output())
                .put("cost_usd", cost().orElseThrow()),
        () -> json.putNull("cost_usd"));
    return json;
  }
}
