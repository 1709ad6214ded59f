package dev.samovar.models.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailableMemoryTest {
  @TempDir Path dir;

  private Path meminfo(String available) throws IOException {
    return Files.writeString(
        dir.resolve("meminfo"),
        "MemTotal:       32768000 kB\nMemFree:         1000000 kB\nMemAvailable:   "
            + available
            + "\nBuffers:          100000 kB\n");
  }

  @Test
  void readsMemAvailable() throws IOException {
    Path meminfo = meminfo("20000000 kB");

    assertThat(AvailableMemory.probe(meminfo, dir.resolve("no-cgroup")))
        .isEqualTo(new AvailableMemory(20_480_000_000L, "MemAvailable in " + meminfo));
  }

  @Test
  void aContainerLimitBelowMemAvailableWins() throws IOException {
    Path meminfo = meminfo("20000000 kB");
    Path cgroup = Files.createDirectory(dir.resolve("cgroup"));
    Files.writeString(cgroup.resolve("memory.max"), "8589934592\n");
    Files.writeString(cgroup.resolve("memory.current"), "589934592\n");

    assertThat(AvailableMemory.probe(meminfo, cgroup))
        .isEqualTo(new AvailableMemory(8_000_000_000L, "cgroup memory.max - memory.current"));
    Files.writeString(cgroup.resolve("memory.max"), "max\n");
    assertThat(AvailableMemory.probe(meminfo, cgroup).bytes()).isEqualTo(20_480_000_000L);
  }

  @Test
  void fallsBackToTheJvmsViewWithoutMeminfo() {
    AvailableMemory memory = AvailableMemory.probe(dir.resolve("missing"), dir.resolve("missing"));

    assertThat(memory.source()).isEqualTo("free memory as the JVM sees it");
    assertThat(memory.bytes()).isPositive();
  }

  @Test
  void theRealProbeSeesSomeMemory() {
    assertThat(AvailableMemory.probe().bytes()).isPositive();
  }
}
