package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the llama.cpp library comes from; {@link LlamaLibrary} reads which C API it speaks. */
sealed interface LibrarySource {
  /** The environment variable that picks the CPU library: auto (default), 0.5 or b4916. */
  String LLAMA_CPP_ENV = "SAMOVAR_LLAMA_CPP";

  /** The file name of de.kherud:llama's JNI library. */
  String JLLAMA = "libjllama.so";

  /** Loads the library and gives its symbols. */
  SymbolLookup open();

  /** Registers the ggml backends a build keeps in libraries of their own; after {@link #open}. */
  default void registerBackends(SymbolLookup symbols) {}

  /** Where it is, for messages. */
  String description();

  /**
   * de.kherud:llama's JNI library (llama.cpp b4916), loaded by the binding's loader.
   *
   * @param folder the folder of a {@code libjllama.so} built for CUDA; null for the bundled one
   */
  record Binding(Path folder) implements LibrarySource {
    @Override
    public SymbolLookup open() {
      BindingLibrary.load(folder);
      return SymbolLookup.loaderLookup();
    }

    @Override
    public String description() {
      return folder == null
          ? "de.kherud:llama's bundled library"
          : folder.resolve(JLLAMA).toString();
    }
  }

  /**
   * A build of llama.cpp as shared libraries: {@code libllama.so} (or {@code libllama.VERSION.so})
   * beside its ggml libraries and any ggml backends built as loadable modules.
   */
  record Folder(Path folder) implements LibrarySource {
    @Override
    public SymbolLookup open() {
      Path library =
          libraryFile(folder)
              .orElseThrow(() -> new EngineException("no libllama library in " + folder));
      try {
        return SymbolLookup.libraryLookup(library, Arena.global());
      } catch (IllegalArgumentException e) {
        throw new EngineException("cannot load " + library + ": " + e.getMessage(), e);
      }
    }

    /** {@code ggml_backend_load_all_from_path(folder)}: the CPU variant that suits, CUDA, ... */
    @Override
    public void registerBackends(SymbolLookup symbols) {
      Optional<MemorySegment> function = symbols.find("ggml_backend_load_all_from_path");
      if (function.isEmpty()) {
        return;
      }
      MethodHandle load =
          Linker.nativeLinker()
              .downcallHandle(function.get(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment path =
            arena.allocateFrom(folder.toAbsolutePath().toString(), StandardCharsets.UTF_8);
        load.invokeExact(path);
      } catch (Throwable t) {
        throw new EngineException("cannot load the ggml backends in " + folder + ": " + t, t);
      }
    }

    @Override
    public String description() {
      return folder.toString();
    }

    /**
     * The libllama library in {@code folder}: {@code libllama.so} (a source build, with its version
     * links), else the first {@code libllama.NAME.so} (a packaged release).
     */
    static Optional<Path> libraryFile(Path folder) {
      if (Files.exists(folder.resolve("libllama.so"))) {
        return Optional.of(folder.resolve("libllama.so"));
      }
      if (!Files.isDirectory(folder)) {
        return Optional.empty();
      }
      try (Stream<Path> files = Files.list(folder)) {
        return files
            .filter(
                file -> {
                  String name = file.getFileName().toString();
                  return name.startsWith("libllama.") && name.endsWith(".so");
                })
            .sorted()
            .findFirst();
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * A source and why it was chosen.
   *
   * @param fallback whether it was chosen because the preferred one cannot run here
   */
  record Choice(LibrarySource source, String reason, boolean fallback) {}

  /**
   * The CPU library {@value #LLAMA_CPP_ENV} asks for: {@code auto} (or unset) takes llama.cpp
   * v0.5.0 as packaged in this jar where it runs, else b4916; {@code 0.5} insists on v0.5.0; {@code
   * b4916} takes de.kherud:llama's.
   *
   * @throws EngineException for another value, or {@code 0.5} where it cannot run
   */
  static Choice cpu(Map<String, String> env) {
    String wanted = env.getOrDefault(LLAMA_CPP_ENV, "auto").strip().toLowerCase(Locale.ROOT);
    return switch (wanted) {
      case "b4916" ->
          new Choice(
              new Binding(null),
              "llama.cpp b4916 bundled with de.kherud:llama (" + LLAMA_CPP_ENV + "=b4916)",
              false);
      case "", "auto", "0.5" -> {
        PackagedLlamaCpp.Outcome outcome = PackagedLlamaCpp.unpack(env);
        yield switch (outcome) {
          case PackagedLlamaCpp.Unpacked unpacked ->
              new Choice(
                  new Folder(unpacked.folder()),
                  PackagedLlamaCpp.RELEASE + " CPU libraries in " + unpacked.folder(),
                  false);
          case PackagedLlamaCpp.Unavailable unavailable -> {
            if (wanted.equals("0.5")) {
              throw new EngineException(LLAMA_CPP_ENV + "=0.5: " + unavailable.reason());
            }
            yield new Choice(
                new Binding(null),
                unavailable.reason() + ", so llama.cpp b4916 bundled with de.kherud:llama is used",
                true);
          }
        };
      }
      default ->
          throw new EngineException(
              LLAMA_CPP_ENV + "='" + wanted + "': expected auto, 0.5 or b4916");
    };
  }
}
