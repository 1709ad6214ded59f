package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemChromiumTest {
  @TempDir Path dir;

  private Path executable(String folder, String name) throws IOException {
    Path file = Files.createDirectories(dir.resolve(folder)).resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void theVariableWins() throws IOException {
    Path named = executable("named", "my-chrome");
    Path onPath = executable("bin", "chromium");

    assertThat(
            SystemChromium.find(
                Map.of(
                    SystemChromium.VARIABLE,
                    named.toString(),
                    "PATH",
                    onPath.getParent().toString())))
        .contains(named);
  }

  @Test
  void theFirstUsualCommandOnThePath() throws IOException {
    Path chrome = executable("a", "google-chrome");
    Path chromium = executable("b", "chromium");
    executable("c", "chromium-browser");
    String path =
        String.join(
            File.pathSeparator,
            dir.resolve("missing").toString(),
            chrome.getParent().toString(),
            chromium.getParent().toString(),
            dir.resolve("c").toString());

    assertThat(SystemChromium.find(Map.of("PATH", path))).contains(chromium);
  }

  @Test
  void aFileThatCannotRunIsPassedOver() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("bin")).resolve("chromium");
    Files.writeString(plain, "not a program");
    Path chrome = executable("other", "google-chrome");

    assertThat(
            SystemChromium.find(
                Map.of("PATH", plain.getParent() + File.pathSeparator + chrome.getParent())))
        .contains(chrome);
  }

  @Test
  void aVariableNamingNoProgramFailsWithItsValue() {
    Path missing = dir.resolve("no-such-browser");

    assertThatThrownBy(
            () -> SystemChromium.find(Map.of(SystemChromium.VARIABLE, missing.toString())))
        .isInstanceOf(AssertionError.class)
        .hasMessage("SAMOVAR_CHROMIUM=" + missing + " is not an executable file");
  }
}
