package dev.samovar.engine;

/**
 * A piece of generated text with the ids of the tokens that completed it.
 *
 * @param text whole UTF-8 characters, possibly empty when a token is held back
 * @param tokens the sampled token ids this delta accounts for
 */
public record TextDelta(String text, int[] tokens) {}
