package dev.samovar.server.cli;

import dev.samovar.models.catalog.ModelCatalog;
import dev.samovar.models.catalog.ModelReference;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reading a model argument of a {@code models} subcommand, a usage error when it is malformed. */
final class Arguments {
  private Arguments() {}

  /** What {@code value} names in the built-in catalog. */
  static ModelReference reference(CommandSpec spec, String value) {
    try {
      return ModelCatalog.builtIn().reference(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
