package dev.samovar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizesTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0 B, 0 B",
    "999, 999 B, 999 B",
    "1000, 1.00 kB, 1000 B",
    "1024, 1.02 kB, 1.00 KiB",
    "4409088, 4.41 MB, 4.20 MiB",
    "999999, 1.00 MB, 977 KiB",
    "4920000000, 4.92 GB, 4.58 GiB",
    "1073741824, 1.07 GB, 1.00 GiB",
    "16100000000, 16.1 GB, 15.0 GiB"
  })
  void threeSignificantDigits(long bytes, String decimal, String binary) {
    assertThat(ByteSizes.decimal(bytes)).isEqualTo(decimal);
    assertThat(ByteSizes.binary(bytes)).isEqualTo(binary);
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "44600, 45s", "187000, 3m07s", "7500000, 2h05m"})
  void durations(long millis, String text) {
    assertThat(ByteSizes.duration(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @org.junit.jupiter.api.Test
  void negativeSizesAreABug() {
    assertThatThrownBy(() -> ByteSizes.decimal(-1)).hasMessage("negative size: -1");
  }
}
