package dev.samovar.server.cli;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.download.Sha256;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.inspect.InvalidModelException;
import dev.samovar.models.inspect.ModelValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code samovar models verify FILE|ID}: checks a model file's integrity offline: its GGUF
 * structure, and its SHA-256 against the hash recorded when it was downloaded.
 */
@Command(
    name = "verify",
    description =
        "Check a model file: its GGUF structure and the SHA-256 recorded when it was downloaded.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ModelsVerifyCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec private CommandSpec spec;
  @Mixin private ModelStoreOptions storeOptions;

  @Parameters(
      index = "0",
      paramLabel = "FILE|ID",
      description = "A GGUF file, a catalog id or hf://owner/repo/file.gguf.")
  private String model;

  ModelsVerifyCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    Path path =
        storeOptions.cachedResolver(env).resolveCached(Arguments.reference(spec, model)).path();
    GgufFile gguf = ModelValidator.read(path);
    String structure =
        "GGUF v"
            + gguf.version()
            + ", "
            + gguf.tensors().size()
            + " tensors, "
            + gguf.metadata().size()
            + " metadata keys";
    PrintWriter out = spec.commandLine().getOut();
    Optional<String> recorded;
    try {
      recorded = Sha256.recorded(path);
      if (recorded.isEmpty()) {
        out.println(
            path
                + ": structure OK ("
                + structure
                + "); no recorded SHA-256 to compare (only"
                + " downloads record one)");
        out.flush();
        return 0;
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("hashing " + path + " (" + ByteSizes.decimal(gguf.fileSize()) + ")");
      err.flush();
      String actual = Sha256.of(path);
      if (!actual.equals(recorded.get())) {
        throw new InvalidModelException(
            path
                + ": SHA-256 "
                + actual
                + " differs from the "
                + recorded.get()
                + " recorded at download: the file is corrupt; remove it (samovar models rm) and"
                + " download it again");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
    out.println(path + ": OK (" + structure + "; SHA-256 " + recorded.get() + " as recorded)");
    out.flush();
    return 0;
  }
}
