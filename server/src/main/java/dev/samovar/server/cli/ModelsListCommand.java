package dev.samovar.server.cli;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.catalog.CatalogEntry;
import dev.samovar.models.catalog.ModelCatalog;
import dev.samovar.models.store.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code samovar models list}: every catalog model, its size and what of it is in the cache. */
@Command(
    name = "list",
    description = "List the catalog's models and which are downloaded.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ModelsListCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec private CommandSpec spec;
  @Mixin private ModelStoreOptions storeOptions;

  ModelsListCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws IOException {
    ModelCatalog catalog = ModelCatalog.builtIn();
    ModelStore store = storeOptions.store(env);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "SIZE", "CACHED", "SOURCE"});
    for (CatalogEntry entry : catalog.entries()) {
      ModelStore.State state = store.state(store.location(entry));
      String size =
          state.complete()
              ? ByteSizes.decimal(state.bytes())
              : entry instanceof CatalogEntry.Hub hub
                  ? ByteSizes.decimal(hub.approximateSize())
                  : "-";
      String cached =
          state.complete()
              ? "yes"
              : state.bytes() > 0 ? "partial " + ByteSizes.decimal(state.bytes()) : "no";
      String source =
          switch (entry) {
            case CatalogEntry.Hub hub -> hub.file().toString();
            case CatalogEntry.BuiltIn builtIn -> "built in, written on first use";
          };
      if (entry.id().equals(catalog.defaultEntry().id())) {
        source += "  (default)";
      }
      rows.add(new String[] {entry.id(), size, cached, source});
    }
    PrintWriter out = spec.commandLine().getOut();
    int[] widths = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      out.printf(
          "%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s%n",
          row[0],
          row[1],
          row[2],
          row[3]);
    }
    out.println("models dir: " + store.root());
    out.flush();
    return 0;
  }
}
