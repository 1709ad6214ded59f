package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import dev.samovar.models.inspect.ModelInspector;
import dev.samovar.models.inspect.ModelValidator;
import dev.samovar.models.plan.MemoryPlanner;
import dev.samovar.models.plan.MemorySettings;
import dev.samovar.models.testdata.TestData;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the reader, and of what reads its result (inspector, validator, memory
 * planner): every damaged file either reads or fails with {@link GgufFormatException}, within the
 * timeout, and the reader's allocations stay proportional to the bytes in the file, whatever its
 * length and count fields claim. Truncation of every prefix of the tiny model and random byte
 * overwrites are in {@link GgufReaderErrorTest}; this adds single-bit flips, truncations of the
 * real Llama-3 vocabulary and random files behind a valid magic.
 */
@Timeout(90)
class GgufFuzzTest {
  /**
   * Bytes the reader may allocate per byte of file: about 16 for the Llama-3 vocabulary, whose
   * 408,000 short strings each become a String and a value object, plus a fixed allowance for its
   * read buffer.
   */
  private static final long ALLOCATION_PER_BYTE = 32;

  private static final long ALLOCATION_FIXED = 256 << 10;
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  static byte[] tiny;
  static int tinyHeader;

  @TempDir Path dir;

  @BeforeAll
  static void writeTiny(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("tiny.gguf");
    TinyModel.write(model);
    tiny = Files.readAllBytes(model);
    tinyHeader = (int) GgufFile.read(model).dataOffset();
    GgufFile.read(model); // class loading and first-call allocations happen here, not below
  }

  @Test
  void bitFlipsInTheTinyModelsHeader() throws IOException {
    Random random = new Random(20260601);
    Path file = dir.resolve("flipped.gguf");
    int failed = 0;
    int survived = 0;
    for (int i = 0; i < 300; i++) {
      byte[] header = Arrays.copyOf(tiny, tinyHeader);
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = i % 2 == 0 ? random.nextInt(64) : random.nextInt(tinyHeader);
        header[at] ^= (byte) (1 << random.nextInt(8));
      }
      Files.write(file, header);
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(tiny.length);
      }
      if (readChecked(file, "flip iteration " + i, tiny.length)) {
        survived++;
      } else {
        failed++;
      }
    }
    // both outcomes must be well represented for the fuzzing to exercise both paths
    assertThat(failed).as("flips that broke the structure").isGreaterThan(150);
    assertThat(survived).as("flips in values that leave a readable file").isGreaterThan(20);
  }

  @Test
  void truncationsOfTheLlama3Vocabulary() throws IOException {
    byte[] bytes = Files.readAllBytes(TestData.llama3Vocab());
    Random random = new Random(77);
    Path cut = dir.resolve("cut.gguf");
    for (int i = 0; i < 24; i++) {
      int length = i < 8 ? random.nextInt(4096) : random.nextInt(bytes.length);
      Files.write(cut, Arrays.copyOf(bytes, length));
      assertThat(readChecked(cut, "truncation to " + length + " bytes", length))
          .as("a truncated vocabulary reads")
          .isFalse();
    }
  }

  @Test
  void randomBytesBehindAValidHeader() throws IOException {
    Random random = new Random(5);
    Path file = dir.resolve("random.gguf");
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[24 + random.nextInt(2000)];
      random.nextBytes(bytes);
      byte[] header = RawGguf.header(3, random.nextInt(3), random.nextInt(5)).bytes();
      System.arraycopy(header, 0, bytes, 0, header.length);
      Files.write(file, bytes);
      readChecked(file, "random file " + i, bytes.length);
    }
  }

  /**
   * Reads {@code file}, checking the outcome and the allocation; when it reads, inspects, validates
   * and plans it too. Returns whether it read.
   */
  private static boolean readChecked(Path file, String what, long bytesPresent) throws IOException {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    GgufFile gguf;
    try {
      gguf = GgufFile.read(file);
    } catch (GgufFormatException expected) {
      checkAllocation(before, what, bytesPresent);
      return false;
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": " + e + " instead of a GgufFormatException", e);
    }
    checkAllocation(before, what, bytesPresent);
    try {
      ModelInspector.inspect(gguf);
      ModelValidator.problem(gguf);
      MemoryPlanner.plan(gguf, new MemorySettings(8192, 4, 512));
    } catch (GgufFormatException expected) {
      // a value of the wrong type, or an impossible size: the project's format exception
    } catch (RuntimeException e) {
      fail(what + ": reading worked, but then " + e, e);
    }
    return true;
  }

  private static void checkAllocation(long before, String what, long bytesPresent) {
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated)
        .as("%s: bytes allocated while reading %d bytes", what, bytesPresent)
        .isLessThanOrEqualTo(ALLOCATION_PER_BYTE * bytesPresent + ALLOCATION_FIXED);
  }
}
