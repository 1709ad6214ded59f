package dev.samovar.engine.llama;

import dev.samovar.engine.Backend;
import dev.samovar.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Chooses the native library before it is loaded: a CUDA build in the CUDA library folder
 * (llama.cpp 0.5's shared libraries with libggml-cuda, or de.kherud:llama's {@code libjllama.so}
 * built for CUDA) or the CPU library ({@link LibrarySource#cpu}).
 */
final class BackendSelector {
  private static final Path NVIDIA_GPUS = Path.of("/proc/driver/nvidia/gpus");

  private BackendSelector() {}

  /**
   * The chosen library.
   *
   * @param backend {@link Backend#CPU} or {@link Backend#CUDA}
   * @param source where the library comes from
   * @param reason why, for the log
   * @param fallback whether a preferred library could not run here
   */
  record Selection(Backend backend, LibrarySource source, String reason, boolean fallback) {}

  /**
   * What the host offers.
   *
   * @param cudaLibrary what the CUDA library folder holds; null when it holds no library
   * @param visibleGpus NVIDIA GPUs the driver lists and {@code CUDA_VISIBLE_DEVICES} lets through
   * @param gpuSource where {@code visibleGpus} comes from, for messages
   */
  record Host(LibrarySource cudaLibrary, int visibleGpus, String gpuSource) {}

  /**
   * Applies {@code requested} to {@code host}; {@code cpu} chooses the CPU library when it is used.
   *
   * @throws EngineException for {@link Backend#CUDA} without the library or a visible GPU
   */
  static Selection select(
      Backend requested, Path cudaFolder, Host host, Supplier<LibrarySource.Choice> cpu) {
    String library =
        cudaFolder == null
            ? "no CUDA library folder is configured"
            : host.cudaLibrary() != null
                ? "the CUDA library " + host.cudaLibrary().description() + " is present"
                : "the CUDA library folder "
                    + cudaFolder
                    + " holds no libllama.so (llama.cpp 0.5) or libjllama.so (b4916)";
    boolean libraryUsable = host.cudaLibrary() != null;
    String gpus =
        host.visibleGpus() == 0
            ? "no NVIDIA GPU is visible (" + host.gpuSource() + ")"
            : host.visibleGpus()
                + (host.visibleGpus() == 1 ? " NVIDIA GPU is" : " NVIDIA GPUs are")
                + " visible ("
                + host.gpuSource()
                + ")";
    return switch (requested) {
      case CPU -> onCpu("backend cpu was asked for", cpu.get());
      case CUDA -> {
        if (!libraryUsable) {
          throw new EngineException(
              "backend cuda: "
                  + library
                  + "; install llama.cpp's CUDA libraries with native/llama-cpp/install-cuda.sh"
                  + " (or build them with native/cuda/build-cuda.sh) and point SAMOVAR_CUDA_LIB"
                  + " at their folder");
        }
        if (host.visibleGpus() == 0) {
          throw new EngineException("backend cuda: " + gpus);
        }
        yield new Selection(Backend.CUDA, host.cudaLibrary(), library + " and " + gpus, false);
      }
      case AUTO ->
          libraryUsable && host.visibleGpus() > 0
              ? new Selection(Backend.CUDA, host.cudaLibrary(), library + " and " + gpus, false)
              : onCpu(libraryUsable ? gpus : library, cpu.get());
    };
  }

  private static Selection onCpu(String why, LibrarySource.Choice cpu) {
    return new Selection(Backend.CPU, cpu.source(), why + "; CPU: " + cpu.reason(), cpu.fallback());
  }

  /** The facts of this machine: the CUDA library folder and the NVIDIA driver's GPU list. */
  static Host probe(Path cudaFolder, Map<String, String> env) {
    return host(cudaLibrary(cudaFolder), driverGpus(NVIDIA_GPUS), env.get("CUDA_VISIBLE_DEVICES"));
  }

  /** What {@code folder} holds: llama.cpp's shared libraries, a CUDA libjllama.so, or nothing. */
  static LibrarySource cudaLibrary(Path folder) {
    if (folder == null) {
      return null;
    }
    if (LibrarySource.Folder.libraryFile(folder).isPresent()) {
      return new LibrarySource.Folder(folder);
    }
    if (Files.isRegularFile(folder.resolve(LibrarySource.JLLAMA))) {
      return new LibrarySource.Binding(folder);
    }
    return null;
  }

  /** {@code driverGpus} limited by {@code CUDA_VISIBLE_DEVICES} (null when unset). */
  static Host host(LibrarySource cudaLibrary, int driverGpus, String visibleDevices) {
    String source = NVIDIA_GPUS + " lists " + driverGpus;
    if (visibleDevices == null) {
      return new Host(cudaLibrary, driverGpus, source);
    }
    String value = visibleDevices.strip();
    int listed = value.isEmpty() || value.startsWith("-1") ? 0 : value.split(",").length;
    return new Host(
        cudaLibrary,
        Math.min(driverGpus, listed),
        source + ", CUDA_VISIBLE_DEVICES='" + visibleDevices + "'");
  }

  private static int driverGpus(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return (int) entries.count();
    } catch (IOException e) {
      return 0;
    }
  }
}
