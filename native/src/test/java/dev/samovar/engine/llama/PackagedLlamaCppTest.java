package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagedLlamaCppTest {
  @TempDir Path dir;

  @Test
  void onlyLinuxX8664WithGlibc234OrNewerAndAnArchiveQualify() throws Exception {
    URL archive = archive("libllama.v0.5.0.so").toUri().toURL();
    assertThat(unpack(new PackagedLlamaCpp.Host("Mac OS X", "aarch64", null, archive)))
        .isEqualTo(
            new PackagedLlamaCpp.Unavailable(
                "llama.cpp v0.5.0 is packaged for Linux x86-64 only (this is Mac OS X aarch64)"));
    assertThat(unpack(new PackagedLlamaCpp.Host("Windows 11", "amd64", null, archive)))
        .isInstanceOf(PackagedLlamaCpp.Unavailable.class);
    assertThat(unpack(new PackagedLlamaCpp.Host("Linux", "amd64", "2.31", archive)))
        .isEqualTo(
            new PackagedLlamaCpp.Unavailable(
                "llama.cpp v0.5.0 needs glibc 2.34 or newer; this system has glibc 2.31"));
    assertThat(unpack(new PackagedLlamaCpp.Host("Linux", "amd64", null, archive)))
        .isEqualTo(
            new PackagedLlamaCpp.Unavailable(
                "llama.cpp v0.5.0 needs glibc 2.34 or newer; this C library is not glibc"));
    assertThat(unpack(new PackagedLlamaCpp.Host("Linux", "amd64", "2.36", null)))
        .isEqualTo(
            new PackagedLlamaCpp.Unavailable(
                "this build carries no llama.cpp v0.5.0 libraries (npm was not available when it"
                    + " was built)"));
  }

  @Test
  void theLibrariesAreUnpackedOnceIntoAFolderNamedByTheArchivesSha256() throws Exception {
    Path archive = archive("libllama.v0.5.0.so");
    var host = new PackagedLlamaCpp.Host("Linux", "x86_64", "2.36", archive.toUri().toURL());
    Path cache = dir.resolve("cache");

    var outcome = PackagedLlamaCpp.unpack(host, cache);

    Path folder = cache.resolve("llama-cpp").resolve(sha256(archive));
    assertThat(outcome).isEqualTo(new PackagedLlamaCpp.Unpacked(folder));
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "libllama.v0.5.0.so",
              "libggml-base.so",
              "libggml-cpu-haswell.so",
              "LICENSE-node-llama-cpp",
              ".complete");
    }
    assertThat(Files.readString(folder.resolve("libllama.v0.5.0.so"))).isEqualTo("llama\n");
    try (Stream<Path> siblings = Files.list(folder.getParent())) {
      assertThat(siblings).as("no staging folder left").containsExactly(folder);
    }

    FileTime written = Files.getLastModifiedTime(folder.resolve("libllama.v0.5.0.so"));
    Files.setLastModifiedTime(folder.resolve("libllama.v0.5.0.so"), FileTime.fromMillis(0));
    assertThat(PackagedLlamaCpp.unpack(host, cache)).isEqualTo(outcome);
    assertThat(Files.getLastModifiedTime(folder.resolve("libllama.v0.5.0.so")))
        .as("a complete folder is used as it is")
        .isNotEqualTo(written)
        .isEqualTo(FileTime.fromMillis(0));
  }

  @Test
  void anArchiveWithoutLibllamaLeavesNothingBehind() throws Exception {
    Path archive = archive("libggml-only.so");
    var host = new PackagedLlamaCpp.Host("Linux", "amd64", "2.39", archive.toUri().toURL());
    Path cache = dir.resolve("cache");

    var outcome = PackagedLlamaCpp.unpack(host, cache);

    assertThat(outcome).isInstanceOf(PackagedLlamaCpp.Unavailable.class);
    assertThat(((PackagedLlamaCpp.Unavailable) outcome).reason())
        .startsWith("cannot unpack llama.cpp v0.5.0 into " + cache.resolve("llama-cpp"))
        .endsWith("the archive holds no libllama library");
    try (Stream<Path> left = Files.list(cache.resolve("llama-cpp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void glibcVersionsCompareByNumber() {
    int[] minimum = {2, 34};
    assertThat(PackagedLlamaCpp.atLeast("2.34", minimum)).isTrue();
    assertThat(PackagedLlamaCpp.atLeast("2.36", minimum)).isTrue();
    assertThat(PackagedLlamaCpp.atLeast("3.0", minimum)).isTrue();
    assertThat(PackagedLlamaCpp.atLeast("2.4", minimum)).isFalse();
    assertThat(PackagedLlamaCpp.atLeast("2.33", minimum)).isFalse();
    assertThat(PackagedLlamaCpp.atLeast("2.35-ubuntu", minimum)).isTrue();
    assertThat(PackagedLlamaCpp.atLeast("unknown", minimum)).isFalse();
  }

  private PackagedLlamaCpp.Outcome unpack(PackagedLlamaCpp.Host host) {
    return PackagedLlamaCpp.unpack(host, dir.resolve("cache"));
  }

  /**
   * An npm-shaped archive (made by the system's tar): {@code library}, libggml-base.so and a CPU
   * variant under package/bins/linux-x64, and what samovar leaves out (the Node.js add-on, its
   * helper library, package.json).
   */
  private Path archive(String library) throws IOException, InterruptedException {
    Path root = dir.resolve("archive-" + library);
    Path bins = Files.createDirectories(root.resolve("package/bins/linux-x64"));
    Files.writeString(bins.resolve(library), "llama\n");
    Files.writeString(bins.resolve("libggml-base.so"), "base\n");
    Files.writeString(bins.resolve("libggml-cpu-haswell.so"), "cpu\n");
    Files.writeString(bins.resolve("llama-addon.node"), "node\n");
    Files.writeString(bins.resolve("libllama-common.so"), "common\n");
    Files.writeString(root.resolve("package/LICENSE"), "MIT\n");
    Files.writeString(root.resolve("package/package.json"), "{}\n");
    Path tgz = dir.resolve(library + ".tgz");
    Process tar =
        new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", root.toString(), "package")
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    return tgz;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
