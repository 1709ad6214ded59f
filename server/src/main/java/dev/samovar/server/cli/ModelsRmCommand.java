package dev.samovar.server.cli;

import dev.samovar.models.catalog.ModelReference;
import dev.samovar.models.store.ModelStore;
import dev.samovar.models.store.ModelUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code samovar models rm ID}: deletes a model from the models dir, with its checksum file and any
 * partial download. Files outside the models dir are never touched.
 */
@Command(
    name = "rm",
    description = "Delete a downloaded model, its checksum file and partial downloads.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ModelsRmCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec private CommandSpec spec;
  @Mixin private ModelStoreOptions storeOptions;

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "A catalog id or hf://owner/repo/file.gguf.")
  private String model;

  ModelsRmCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws IOException {
    ModelReference reference = Arguments.reference(spec, model);
    ModelStore store = storeOptions.store(env);
    Path path =
        switch (reference) {
          case ModelReference.Catalog catalog -> store.location(catalog.entry());
          case ModelReference.Hub hub -> store.location(hub.file());
          case ModelReference.Local local ->
              throw new ParameterException(
                  spec.commandLine(),
                  "rm takes a catalog id or hf://owner/repo/file.gguf; it does not delete other"
                      + " files: "
                      + model);
        };
    List<Path> removed = store.remove(path);
    if (removed.isEmpty()) {
      throw new ModelUnavailableException(
          reference.display() + " is not in " + store.root() + ": nothing to remove");
    }
    PrintWriter out = spec.commandLine().getOut();
    removed.forEach(file -> out.println("removed " + file));
    out.flush();
    return 0;
  }
}
