package dev.samovar.server.api;

import java.util.UUID;

/** The ids samovar gives what it creates: a prefix the API uses and 32 random hex digits. */
public final class Ids {
  private Ids() {}

  /** A new id such as {@code chatcmpl-3f2a...}. */
  public static String random(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }
}
