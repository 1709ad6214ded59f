package dev.samovar.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.SamplingParams;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exact-response cache: what the engine produced for a deterministic request (every choice at
 * temperature 0 or with a seed), keyed by the route, the model id, the rendered prompt and every
 * generation parameter, bounded by entries and age. It keeps the engine's output, not the answer,
 * so a stream and a JSON body of the same request are served from one entry.
 */
final class ResponseCache {
  private final Cache<Key, List<GenerationRun.Event>> entries;

  /** A cache key. */
  record Key(String route, String model, String prompt, List<ChoiceKey> choices) {}

  /** What one choice's output depends on. */
  record ChoiceKey(
      SamplingParams sampling,
      Integer maxTokens,
      List<String> stop,
      boolean ignoreEos,
      Integer topLogprobs,
      String jsonSchema) {}

  /**
   * @param maxEntries the most answers kept; 0 disables the cache
   * @param ttl how long an answer is kept
   */
  ResponseCache(long maxEntries, Duration ttl) {
    entries =
        maxEntries == 0
            ? null
            : Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
  }

  /** The key of a request, or empty when the cache is off or some choice samples at random. */
  Optional<Key> key(String route, String model, List<GenerationRequest> choices) {
    if (entries == null
        || !choices.stream()
            .allMatch(c -> c.sampling().temperature() == 0 || c.sampling().seed() != null)) {
      return Optional.empty();
    }
    return Optional.of(
        new Key(
            route,
            model,
            prompt(choices.getFirst().prompt()),
            choices.stream()
                .map(
                    c ->
                        new ChoiceKey(
                            c.sampling(),
                            c.maxTokens(),
                            c.stop(),
                            c.ignoreEos(),
                            c.topLogprobs(),
                            c.jsonSchema()))
                .toList()));
  }

  /** The recorded output for {@code key}, if kept. */
  Optional<List<GenerationRun.Event>> get(Key key) {
    return Optional.ofNullable(entries.getIfPresent(key));
  }

  /** Keeps the output of a run that ended normally. */
  void put(Key key, List<GenerationRun.Event> events) {
    entries.put(key, List.copyOf(events));
  }

  /** The prompt in one unambiguous string: each segment's kind, length and content. */
  private static String prompt(Prompt prompt) {
    StringBuilder out = new StringBuilder();
    for (Prompt.Segment segment : prompt.segments()) {
      switch (segment) {
        case Prompt.Text text ->
            out.append(text.special() ? 'S' : 'T')
                .append(text.text().length())
                .append(':')
                .append(text.text());
        case Prompt.Tokens tokens -> out.append('I').append(Arrays.toString(tokens.ids()));
      }
    }
    return out.toString();
  }
}
