package dev.samovar.engine;

/** Why a generation ended. */
public enum FinishReason {
  /** An end-of-generation token or a stop string. */
  STOP,
  /** max tokens reached or the context is full. */
  LENGTH,
  /** Cancelled through its handle or by closing the engine. */
  CANCELLED
}
