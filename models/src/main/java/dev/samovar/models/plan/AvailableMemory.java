package dev.samovar.models.plan;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The memory a new allocation can get without swapping or being killed.
 *
 * @param bytes the available bytes
 * @param source where the number comes from, for messages
 */
public record AvailableMemory(long bytes, String source) {
  private static final Path MEMINFO = Path.of("/proc/meminfo");
  private static final Path CGROUP = Path.of("/sys/fs/cgroup");

  public AvailableMemory {
    Objects.requireNonNull(source, "source");
  }

  /**
   * On Linux {@code MemAvailable} from {@code /proc/meminfo}, lowered to what the cgroup v2 memory
   * limit leaves when a container sets one; elsewhere the free physical memory the JVM sees.
   */
  public static AvailableMemory probe() {
    return probe(MEMINFO, CGROUP);
  }

  static AvailableMemory probe(Path meminfo, Path cgroup) {
    OptionalLong available = memAvailable(meminfo);
    if (available.isEmpty()) {
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      return new AvailableMemory(os.getFreeMemorySize(), "free memory as the JVM sees it");
    }
    OptionalLong limited = cgroupHeadroom(cgroup);
    if (limited.isPresent() && limited.getAsLong() < available.getAsLong()) {
      return new AvailableMemory(limited.getAsLong(), "cgroup memory.max - memory.current");
    }
    return new AvailableMemory(available.getAsLong(), "MemAvailable in " + meminfo);
  }

  private static OptionalLong memAvailable(Path meminfo) {
    try {
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemAvailable:")) {
          String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
          long value = Long.parseLong(parts[0]);
          return OptionalLong.of(parts.length > 1 && parts[1].equals("kB") ? value * 1024 : value);
        }
      }
      return OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static OptionalLong cgroupHeadroom(Path cgroup) {
    try {
      List<String> max = Files.readAllLines(cgroup.resolve("memory.max"));
      List<String> current = Files.readAllLines(cgroup.resolve("memory.current"));
      if (max.isEmpty() || current.isEmpty() || max.getFirst().trim().equals("max")) {
        return OptionalLong.empty();
      }
      long headroom =
          Long.parseLong(max.getFirst().trim()) - Long.parseLong(current.getFirst().trim());
      return OptionalLong.of(Math.max(0, headroom));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
