package dev.samovar.server.http;

import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidSettingException;
import dev.samovar.server.error.ModelLoadingException;
import dev.samovar.server.error.ModelNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The model a server answers for: the ids it is served under (its id, then its aliases) and, once
 * loading has finished, its engine. Until then model routes answer 503.
 */
public final class ServedModel {
  private final List<String> ids;
  private volatile Loaded loaded;

  private record Loaded(InferenceEngine engine, long created, BackendInfo backend) {}

  /** A model that is still loading. */
  public ServedModel(String id, List<String> aliases) {
    List<String> all = new ArrayList<>();
    all.add(Objects.requireNonNull(id, "id"));
    for (String alias : aliases) {
      InvalidSettingException.require(!alias.isBlank(), "alias", "must not be empty");
      InvalidSettingException.require(
          !all.contains(alias), "alias", ": model id '" + alias + "' is given twice");
      all.add(alias);
    }
    this.ids = List.copyOf(all);
  }

  /** Marks the model as loaded, its backend not known; model routes answer from now on. */
  public void ready(InferenceEngine engine) {
    ready(engine, null);
  }

  /**
   * Marks the model as loaded on {@code backend} (reported by {@code /v1/models}; null when not
   * known); model routes answer from now on.
   */
  public void ready(InferenceEngine engine, BackendInfo backend) {
    if (loaded != null) {
      throw new IllegalStateException("model '" + ids.getFirst() + "' is already loaded");
    }
    loaded =
        new Loaded(
            Objects.requireNonNull(engine, "engine"), Instant.now().getEpochSecond(), backend);
  }

  /** Whether the engine is ready. */
  public boolean isLoaded() {
    return loaded != null;
  }

  /** The served ids: the model id first, then the aliases. */
  public List<String> ids() {
    return ids;
  }

  /**
   * The loaded engine.
   *
   * @throws ModelLoadingException while the model is loading
   */
  public InferenceEngine engine() {
    return requireLoaded().engine();
  }

  /** When loading finished, in unix seconds; throws {@link ModelLoadingException} before that. */
  public long created() {
    return requireLoaded().created();
  }

  /** The backend the model runs on, null when not known; throws while loading. */
  public BackendInfo backend() {
    return requireLoaded().backend();
  }

  /**
   * Checks that {@code model} is one of the served ids.
   *
   * @throws ModelNotFoundException otherwise
   */
  public void requireServed(String model) {
    if (!ids.contains(model)) {
      throw new ModelNotFoundException(model, ids);
    }
  }

  private Loaded requireLoaded() {
    Loaded current = loaded;
    if (current == null) {
      throw new ModelLoadingException();
    }
    return current;
  }
}
