package dev.samovar.cli;

import dev.samovar.engine.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command for the root command's tests, registered for the tests' class path only. */
public final class ToyCommands implements CommandProvider {
  @Override
  public List<CommandLine> commands(Map<String, String> env) {
    return List.of(new CommandLine(new Toy()));
  }

  @Override
  public int order() {
    return 0;
  }

  /** Prints the settings it got; checks them in a record as the real commands do. */
  @Command(name = "toy", description = "A command for tests.")
  static final class Toy implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--count", defaultValue = "1")
    private int count;

    @Option(names = "--name", split = ",")
    private List<String> names = new ArrayList<>();

    @Option(names = "--verbose")
    private boolean verbose;

    @Option(names = "--read")
    private Path read;

    record Settings(int count) {
      Settings {
        InvalidSettingException.atLeast("count", count, 1);
      }
    }

    @Override
    public Integer call() throws Exception {
      Settings settings = new Settings(count);
      if (read != null) {
        Files.readString(read);
      }
      spec.commandLine().getOut().println(settings.count() + " " + names + " " + verbose);
      return 0;
    }
  }
}
