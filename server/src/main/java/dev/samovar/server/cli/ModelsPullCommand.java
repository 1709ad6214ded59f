package dev.samovar.server.cli;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.catalog.CatalogEntry;
import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.catalog.ModelReference;
import dev.samovar.models.download.HubDownloader;
import dev.samovar.models.store.ModelStore;
import dev.samovar.models.store.ModelUnavailableException;
import dev.samovar.models.store.ResolvedModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code samovar models pull ID}: downloads a catalog model or a hub file into the models dir,
 * resuming a partial download, and prints where it is.
 */
@Command(
    name = "pull",
    description = "Download a model, resuming a partial download, and verify its SHA-256.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ModelsPullCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec private CommandSpec spec;
  @Mixin private ModelStoreOptions storeOptions;

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "A catalog id (see samovar models list) or hf://owner/repo/file.gguf.")
  private String model;

  ModelsPullCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    ModelReference reference = Arguments.reference(spec, model);
    PrintWriter out = spec.commandLine().getOut();
    ModelStore store = storeOptions.store(env);
    String name = reference.display();
    HubFile file;
    Optional<String> pinned;
    switch (reference) {
      case ModelReference.Local local ->
          throw new ParameterException(
              spec.commandLine(),
              "pull takes a catalog id or hf://owner/repo/file.gguf, not a file: " + model);
      case ModelReference.Catalog(CatalogEntry.BuiltIn builtIn) -> {
        ResolvedModel tiny = storeOptions.cachedResolver(env).resolveCached(reference);
        out.println(builtIn.id() + ": " + tiny.path() + " (built in, written locally)");
        out.flush();
        return 0;
      }
      case ModelReference.Catalog(CatalogEntry.Hub hub) -> {
        file = hub.file();
        pinned = hub.sha256();
      }
      case ModelReference.Hub hub -> {
        file = hub.file();
        pinned = Optional.empty();
      }
    }
    Path target = store.location(file);
    if (Files.isRegularFile(target)) {
      out.println(
          name
              + " is already downloaded: "
              + target
              + " (samovar models verify "
              + model
              + " checks it)");
      out.flush();
      return 0;
    }
    if (storeOptions.offline(env)) {
      throw new ModelUnavailableException(
          "pulling "
              + name
              + " needs the network, but offline mode is on (--offline or"
              + " HF_HUB_OFFLINE)");
    }
    HubDownloader.Download download =
        storeOptions.downloader(env, spec.commandLine().getErr()).download(file, pinned, target);
    out.println(
        name
            + ": "
            + download.path()
            + " ("
            + ByteSizes.decimal(download.size())
            + ", SHA-256 "
            + download.sha256()
            + download.commit().map(commit -> ", commit " + commit).orElse("")
            + ")");
    out.flush();
    return 0;
  }
}
