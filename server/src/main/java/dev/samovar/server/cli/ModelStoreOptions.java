package dev.samovar.server.cli;

import dev.samovar.cli.Progress;
import dev.samovar.models.download.HubDownloader;
import dev.samovar.models.download.HubSettings;
import dev.samovar.models.store.ModelResolver;
import dev.samovar.models.store.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command that touches the model cache shares ({@code --models-dir}, {@code
 * --offline}), mixed into each command, and what they give: the store, a resolver, a downloader.
 */
public final class ModelStoreOptions {
  /** How often plain progress lines are printed when no terminal is attached. */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--models-dir",
      paramLabel = "DIR",
      description =
          "Where models are downloaded to (default: $XDG_CACHE_HOME/samovar/models, else"
              + " ~/.cache/samovar/models).")
  private Path modelsDir;

  @Option(
      names = "--offline",
      description =
          "Never use the network: only models already downloaded (HF_HUB_OFFLINE=1 does the"
              + " same).")
  private boolean offline;

  /** {@code $XDG_CACHE_HOME} when it is set to an absolute path, else {@code ~/.cache}. */
  static Path cacheDir(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg);
    }
    return Path.of(System.getProperty("user.home"), ".cache");
  }

  /** The model cache: {@code --models-dir}, or {@code samovar/models} in the user cache dir. */
  ModelStore store(Map<String, String> env) {
    return new ModelStore(
        modelsDir != null ? modelsDir : cacheDir(env).resolve("samovar").resolve("models"));
  }

  /** Whether {@code --offline} is given or {@code HF_HUB_OFFLINE} is set to a true value. */
  boolean offline(Map<String, String> env) {
    String variable = env.get("HF_HUB_OFFLINE");
    return offline
        || (variable != null && TRUE.contains(variable.strip().toLowerCase(Locale.ROOT)));
  }

  /** A resolver that downloads missing models, showing progress on {@code err}, unless offline. */
  ModelResolver resolver(Map<String, String> env, PrintWriter err) {
    return new ModelResolver(
        store(env), offline(env) ? Optional.empty() : Optional.of(downloader(env, err)));
  }

  /** A resolver that finds what is in the cache and never downloads. */
  ModelResolver cachedResolver(Map<String, String> env) {
    return new ModelResolver(store(env), Optional.empty());
  }

  /** A downloader for the hub {@code HF_ENDPOINT} names, showing progress on {@code err}. */
  HubDownloader downloader(Map<String, String> env, PrintWriter err) {
    HubSettings hub;
    try {
      hub = HubSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
    return new HubDownloader(
        hub,
        new DownloadReport(err, Progress.onTerminal(), PROGRESS_INTERVAL, System::nanoTime),
        HubDownloader.Options.DEFAULTS);
  }
}
