package dev.samovar.engine;

import java.time.Duration;

/**
 * Where a generation's time went.
 *
 * @param queue from submit until a sequence took it
 * @param prompt processing the prompt, until the first token was sampled
 * @param decode from the first sampled token until the end
 */
public record Timings(Duration queue, Duration prompt, Duration decode) {}
