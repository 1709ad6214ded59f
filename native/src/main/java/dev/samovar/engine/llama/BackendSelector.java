package dev.samovar.engine.llama;

import dev.samovar.engine.Backend;
import dev.samovar.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Chooses the native library before it is loaded: the CUDA build ({@code libjllama.so} in a folder
 * of its own, loaded through the binding's {@code de.kherud.llama.lib.path}) or the CPU library
 * bundled with de.kherud:llama.
 */
final class BackendSelector {
  static final String LIBRARY_FILE = "libjllama.so";
  private static final Path NVIDIA_GPUS = Path.of("/proc/driver/nvidia/gpus");

  private BackendSelector() {}

  /**
   * The chosen library.
   *
   * @param backend {@link Backend#CPU} or {@link Backend#CUDA}
   * @param libraryFolder the folder to load {@code libjllama.so} from; null for the bundled one
   * @param reason why, for the log
   */
  record Selection(Backend backend, Path libraryFolder, String reason) {}

  /**
   * What the host offers.
   *
   * @param cudaLibraryPresent whether the CUDA library folder holds {@code libjllama.so}
   * @param visibleGpus NVIDIA GPUs the driver lists and {@code CUDA_VISIBLE_DEVICES} lets through
   * @param gpuSource where {@code visibleGpus} comes from, for messages
   */
  record Host(boolean cudaLibraryPresent, int visibleGpus, String gpuSource) {}

  /**
   * Applies {@code requested} to {@code host}.
   *
   * @throws EngineException for {@link Backend#CUDA} without the library or a visible GPU
   */
  static Selection select(Backend requested, Path cudaLibrary, Host host) {
    String library =
        cudaLibrary == null
            ? "no CUDA library folder is configured"
            : host.cudaLibraryPresent()
                ? "the CUDA library " + cudaLibrary.resolve(LIBRARY_FILE) + " is present"
                : "the CUDA library " + cudaLibrary.resolve(LIBRARY_FILE) + " does not exist";
    boolean libraryUsable = cudaLibrary != null && host.cudaLibraryPresent();
    String gpus =
        host.visibleGpus() == 0
            ? "no NVIDIA GPU is visible (" + host.gpuSource() + ")"
            : host.visibleGpus()
                + (host.visibleGpus() == 1 ? " NVIDIA GPU is" : " NVIDIA GPUs are")
                + " visible ("
                + host.gpuSource()
                + ")";
    return switch (requested) {
      case CPU -> new Selection(Backend.CPU, null, "backend cpu was asked for");
      case CUDA -> {
        if (!libraryUsable) {
          throw new EngineException(
              "backend cuda: "
                  + library
                  + "; build it with native/cuda/build-cuda.sh and point SAMOVAR_CUDA_LIB at"
                  + " its folder");
        }
        if (host.visibleGpus() == 0) {
          throw new EngineException("backend cuda: " + gpus);
        }
        yield new Selection(Backend.CUDA, cudaLibrary, library + " and " + gpus);
      }
      case AUTO ->
          libraryUsable && host.visibleGpus() > 0
              ? new Selection(Backend.CUDA, cudaLibrary, library + " and " + gpus)
              : new Selection(
                  Backend.CPU,
                  null,
                  (libraryUsable ? gpus : library) + ", so the bundled CPU library is used");
    };
  }

  /** The facts of this machine: the library file and the NVIDIA driver's GPU list. */
  static Host probe(Path cudaLibrary, Map<String, String> env) {
    boolean present = cudaLibrary != null && Files.isRegularFile(cudaLibrary.resolve(LIBRARY_FILE));
    return host(present, driverGpus(NVIDIA_GPUS), env.get("CUDA_VISIBLE_DEVICES"));
  }

  /** {@code driverGpus} limited by {@code CUDA_VISIBLE_DEVICES} (null when unset). */
  static Host host(boolean libraryPresent, int driverGpus, String visibleDevices) {
    String source = NVIDIA_GPUS + " lists " + driverGpus;
    if (visibleDevices == null) {
      return new Host(libraryPresent, driverGpus, source);
    }
    String value = visibleDevices.strip();
    int listed = value.isEmpty() || value.startsWith("-1") ? 0 : value.split(",").length;
    return new Host(
        libraryPresent,
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
