package dev.samovar.engine.llama;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * llama.cpp v0.5.0's CPU libraries for Linux x86-64 as the jar carries them: the npm package
 * {@code @node-llama-cpp/linux-x64} 3.22.1 (MIT), fetched at build time by {@code
 * native/llama-cpp/npm-fetch.sh} at its pinned integrity. On first use they are unpacked into a
 * cache folder named by the archive's SHA-256 ({@code $XDG_CACHE_HOME/samovar/llama-cpp/<sha256>},
 * else {@code ~/.cache/...}), whole or not at all, and loaded from there.
 */
final class PackagedLlamaCpp {
  static final String RESOURCE = "linux-x64.tgz";
  static final String RELEASE = "llama.cpp v0.5.0";

  /** The files taken from the package: the libraries samovar loads, not the Node.js add-on's. */
  private static final Pattern LIBRARY =
      Pattern.compile("package/bins/linux-x64/(lib(?:ggml[^/]*|llama\\.[^/]*)\\.so)");

  private static final String LICENSE_ENTRY = "package/LICENSE";
  private static final String COMPLETE = ".complete";
  private static final int[] MINIMUM_GLIBC = {2, 34};

  private PackagedLlamaCpp() {}

  /** What was found: a folder to load, or why there is none. */
  sealed interface Outcome {}

  /** The unpacked libraries. */
  record Unpacked(Path folder) implements Outcome {}

  /** Why the packaged libraries cannot be used here. */
  record Unavailable(String reason) implements Outcome {}

  /**
   * The machine as far as the packaged libraries care.
   *
   * @param osName {@code os.name}
   * @param arch {@code os.arch}
   * @param glibc the C library's version, null when it is not glibc
   * @param archive the packaged archive, null when the build carries none
   */
  record Host(String osName, String arch, String glibc, URL archive) {
    /** This JVM's machine. */
    static Host current() {
      return new Host(
          System.getProperty("os.name"),
          System.getProperty("os.arch"),
          glibcVersion(),
          PackagedLlamaCpp.class.getResource(RESOURCE));
    }
  }

  /** The packaged libraries unpacked for this JVM, in the cache folder {@code env} gives. */
  static Outcome unpack(Map<String, String> env) {
    return unpack(Host.current(), cacheRoot(env));
  }

  static Outcome unpack(Host host, Path cacheRoot) {
    String arch = host.arch().toLowerCase(Locale.ROOT);
    if (!host.osName().startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return new Unavailable(
          RELEASE
              + " is packaged for Linux x86-64 only (this is "
              + host.osName()
              + " "
              + host.arch()
              + ")");
    }
    if (host.glibc() == null) {
      return new Unavailable(RELEASE + " needs glibc 2.34 or newer; this C library is not glibc");
    }
    if (!atLeast(host.glibc(), MINIMUM_GLIBC)) {
      return new Unavailable(
          RELEASE + " needs glibc 2.34 or newer; this system has glibc " + host.glibc());
    }
    if (host.archive() == null) {
      return new Unavailable(
          "this build carries no "
              + RELEASE
              + " libraries (npm was not available when it was built)");
    }
    try {
      String sha256 = sha256(host.archive());
      Path folder = cacheRoot.resolve("llama-cpp").resolve(sha256);
      if (!Files.isRegularFile(folder.resolve(COMPLETE))) {
        unpackInto(host.archive(), folder);
      }
      return new Unpacked(folder);
    } catch (IOException | UncheckedIOException e) {
      return new Unavailable(
          "cannot unpack " + RELEASE + " into " + cacheRoot.resolve("llama-cpp") + ": " + e);
    }
  }

  /**
   * {@code $XDG_CACHE_HOME/samovar} when that is an absolute path, else {@code ~/.cache/samovar}.
   */
  static Path cacheRoot(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
    return base.resolve("samovar");
  }

  /** Unpacks beside {@code folder}, then renames: another process sees all of it or nothing. */
  private static void unpackInto(URL archive, Path folder) throws IOException {
    Files.createDirectories(folder.getParent());
    Path staging = Files.createTempDirectory(folder.getParent(), folder.getFileName() + ".");
    try {
      try (InputStream in = archive.openStream()) {
        TarArchive.extract(
            in,
            name -> {
              if (name.equals(LICENSE_ENTRY)) {
                return staging.resolve("LICENSE-node-llama-cpp");
              }
              Matcher library = LIBRARY.matcher(name);
              return library.matches() ? staging.resolve(library.group(1)) : null;
            });
      }
      if (LibrarySource.Folder.libraryFile(staging).isEmpty()) {
        throw new IOException("the archive holds no libllama library");
      }
      Files.writeString(staging.resolve(COMPLETE), RELEASE + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException
          | DirectoryNotEmptyException
          | AtomicMoveNotSupportedException e) {
        if (!Files.isRegularFile(folder.resolve(COMPLETE))) {
          throw e;
        }
        // Another process unpacked the same archive first: theirs is used.
      }
    } finally {
      deleteTree(staging);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static String sha256(URL archive) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    try (InputStream in = new DigestInputStream(archive.openStream(), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Whether {@code version} ("2.36", "2.34.1") is at least {@code minimum}. */
  static boolean atLeast(String version, int[] minimum) {
    String[] parts = version.strip().split("\\.");
    for (int i = 0; i < minimum.length; i++) {
      int part;
      try {
        part = i < parts.length ? Integer.parseInt(parts[i].replaceAll("\\D.*", "")) : 0;
      } catch (NumberFormatException e) {
        return false;
      }
      if (part != minimum[i]) {
        return part > minimum[i];
      }
    }
    return true;
  }

  /** {@code gnu_get_libc_version()}, or null where the C library is not glibc. */
  private static String glibcVersion() {
    Linker linker = Linker.nativeLinker();
    return linker
        .defaultLookup()
        .find("gnu_get_libc_version")
        .map(
            address -> {
              MethodHandle version =
                  linker.downcallHandle(address, FunctionDescriptor.of(ValueLayout.ADDRESS));
              try {
                MemorySegment text = (MemorySegment) version.invokeExact();
                return text.reinterpret(64).getString(0, StandardCharsets.US_ASCII);
              } catch (Throwable t) {
                return null;
              }
            })
        .orElse(null);
  }
}
