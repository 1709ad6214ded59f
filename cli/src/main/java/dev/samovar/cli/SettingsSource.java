package dev.samovar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values not given as flags: the environment ({@code --foo-bar} is {@code SAMOVAR_FOO_BAR};
 * {@code --api-key} is {@code SAMOVAR_API_KEYS}), then the YAML file of {@code --config} (keys are
 * option names without dashes; a list for a repeatable option). Lists in the environment are
 * comma-separated.
 */
public final class SettingsSource implements IDefaultValueProvider {
  /** The option that names the YAML file. */
  public static final String CONFIG_OPTION = "--config";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, String> env;
  private final JsonNode file;

  private SettingsSource(Map<String, String> env, JsonNode file) {
    this.env = env;
    this.file = file;
  }

  /**
   * The source for a command line {@code args}: reads the file named by {@code --config} (or {@code
   * SAMOVAR_CONFIG}).
   *
   * @throws IllegalArgumentException when the file cannot be read or is not a YAML mapping
   */
  static SettingsSource of(Map<String, String> env, String[] args) {
    String config = env.get("SAMOVAR_CONFIG");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
        config = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        config = args[i].substring("--config=".length());
      }
    }
    if (config == null) {
      return new SettingsSource(env, null);
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(Files.readAllBytes(Path.of(config)));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--config " + config + " cannot be read: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("--config " + config + ": not a YAML mapping");
    }
    return new SettingsSource(env, tree);
  }

  /**
   * Checks that every key of the file names an option of {@code command}.
   *
   * @throws IllegalArgumentException naming the first unknown key
   */
  SettingsSource requireKnown(CommandSpec command) {
    if (file != null) {
      for (Map.Entry<String, JsonNode> entry : file.properties()) {
        String key = entry.getKey();
        OptionSpec option = command.findOption("--" + key);
        if (option == null || option.usageHelp() || key.equals("config")) {
          throw new IllegalArgumentException("--config: unknown setting '" + key + "'");
        }
      }
    }
    return this;
  }

  /** The environment variable of option {@code --name}. */
  public static String envName(String longName) {
    String name = longName.replaceFirst("^--", "");
    String variable = "SAMOVAR_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    return name.equals("api-key") ? variable + "S" : variable;
  }

  /** An on/off variable as picocli reads it: 1, yes and on are true, 0, no and off false. */
  private static String switchValue(String value) {
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "1", "yes", "on" -> "true";
      case "0", "no", "off", "" -> "false";
      default -> value;
    };
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.usageHelp()) {
      return null;
    }
    String value = env.get(envName(option.longestName()));
    if (value != null) {
      return option.type() == boolean.class ? switchValue(value) : value;
    }
    if (file == null) {
      return null;
    }
    JsonNode node = file.get(option.longestName().replaceFirst("^--", ""));
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(item.asText()));
      return String.join(",", items);
    }
    return node.asText();
  }
}
