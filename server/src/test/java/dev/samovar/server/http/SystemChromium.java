package dev.samovar.server.http;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Chromium (or Google Chrome) that the chat page test drives. {@code SAMOVAR_CHROMIUM} names
 * it; else the first of the usual commands on {@code PATH} and the usual install folders. Where
 * there is none and apt can install one unattended (as root, or through sudo without a password),
 * Debian's package {@code chromium} is installed, saying so on the console; otherwise the test
 * fails with what to install.
 */
final class SystemChromium {
  static final String VARIABLE = "SAMOVAR_CHROMIUM";
  private static final List<String> COMMANDS =
      List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
  private static final List<Path> INSTALL_PATHS =
      List.of(
          Path.of("/snap/bin/chromium"),
          Path.of("/Applications/Chromium.app/Contents/MacOS/Chromium"),
          Path.of("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"));
  private static final long INSTALL_MINUTES = 15;

  private SystemChromium() {}

  /** This machine's browser, installed first where that can be done unattended. */
  static Path findOrInstall() {
    Map<String, String> env = System.getenv();
    return find(env)
        .or(() -> install(env))
        .orElseThrow(
            () ->
                new AssertionError(
                    "The chat page test needs Chromium or Google Chrome and found none (looked at $"
                        + VARIABLE
                        + ", "
                        + String.join(", ", COMMANDS)
                        + " on PATH, and "
                        + INSTALL_PATHS
                        + "). Install one (Debian: sudo apt-get install chromium; Ubuntu: sudo"
                        + " snap install chromium; macOS: brew install --cask chromium) or set "
                        + VARIABLE
                        + " to its executable."));
  }

  /**
   * The browser {@code env} names or the first one found.
   *
   * @throws AssertionError when {@code SAMOVAR_CHROMIUM} names no executable file
   */
  static Optional<Path> find(Map<String, String> env) {
    String named = env.get(VARIABLE);
    if (named != null && !named.isBlank()) {
      Path path = Path.of(named);
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new AssertionError(VARIABLE + "=" + named + " is not an executable file");
      }
      return Optional.of(path);
    }
    return Stream.concat(
            COMMANDS.stream().flatMap(command -> onPath(env, command)), INSTALL_PATHS.stream())
        .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
        .findFirst();
  }

  private static Stream<Path> onPath(Map<String, String> env, String command) {
    String path = env.getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, command));
  }

  private static Optional<Path> install(Map<String, String> env) {
    if (onPath(env, "apt-get").noneMatch(Files::isExecutable)) {
      return Optional.empty();
    }
    List<String> asRoot;
    if (succeeds(List.of("sh", "-c", "[ \"$(id -u)\" -eq 0 ]"))) {
      asRoot = List.of();
    } else if (succeeds(List.of("sudo", "-n", "true"))) {
      asRoot = List.of("sudo", "-n");
    } else {
      return Optional.empty();
    }
    System.err.println(
        "ChatPageIT: no Chromium found; installing Debian's package chromium"
            + " (apt-get install -y chromium), once for this machine...");
    boolean installed =
        succeeds(command(asRoot, "apt-get", "update"))
            && succeeds(command(asRoot, "apt-get", "install", "-y", "chromium"));
    if (!installed) {
      System.err.println("ChatPageIT: apt-get could not install chromium");
      return Optional.empty();
    }
    return find(env);
  }

  private static List<String> command(List<String> prefix, String... command) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(List.of(command));
    return all;
  }

  /** Runs {@code command} with its output on this process's console; true when it exits 0. */
  private static boolean succeeds(List<String> command) {
    ProcessBuilder builder =
        new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
