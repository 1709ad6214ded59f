package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  @Test
  void floatsRoundToNearestEven() {
    assertThat(HalfFloats.toBf16(1.00390625f)).as("tie, down to even").isEqualTo((short) 0x3F80);
    assertThat(HalfFloats.toBf16(1.01171875f)).as("tie, up to even").isEqualTo((short) 0x3F82);
    assertThat(HalfFloats.toBf16(Float.NaN)).isEqualTo((short) 0x7FC0);
    assertThat(HalfFloats.toF16(1 + 0x1p-11f)).isEqualTo((short) 0x3C00);
    assertThat(HalfFloats.toF16(65520f)).isEqualTo((short) 0x7C00);
    assertThat(HalfFloats.fromBf16((short) 0xC2F7)).isEqualTo(-123.5f);
    assertThat(HalfFloats.fromF16((short) 0x7BFF)).isEqualTo(65504f);
  }

  @Test
  void doublesRoundOnceNotThroughARoundedFloat() {
    double justAboveBf16Tie = 1 + 0x1p-8 + 0x1p-30;
    assertThat(HalfFloats.toBf16((float) justAboveBf16Tie))
        .as("through a float the tie is lost")
        .isEqualTo((short) 0x3F80);
    assertThat(HalfFloats.toBf16(justAboveBf16Tie)).isEqualTo((short) 0x3F81);
    assertThat(HalfFloats.toBf16(-justAboveBf16Tie)).isEqualTo((short) 0xBF81);
    assertThat(HalfFloats.toBf16(1 + 0x1p-8))
        .as("an exact tie stays even")
        .isEqualTo((short) 0x3F80);

    double justAboveF16Tie = 1 + 0x1p-11 + 0x1p-40;
    assertThat(HalfFloats.toF16((float) justAboveF16Tie)).isEqualTo((short) 0x3C00);
    assertThat(HalfFloats.toF16(justAboveF16Tie)).isEqualTo((short) 0x3C01);
    double justBelowF16Tie = 1 + 0x1p-11 - 0x1p-40;
    assertThat(HalfFloats.toF16(justBelowF16Tie)).isEqualTo((short) 0x3C00);
  }

  @Test
  void doublesBeyondTheFloatRangeAndBelowItRoundCorrectly() {
    assertThat(HalfFloats.toBf16(1e39)).isEqualTo((short) 0x7F80);
    assertThat(HalfFloats.toBf16(-1e39)).isEqualTo((short) 0xFF80);
    assertThat(HalfFloats.toBf16(3.3e38)).isEqualTo((short) 0x7F78);
    assertThat(HalfFloats.toBf16(1e-50)).isEqualTo((short) 0x0000);
    assertThat(HalfFloats.toBf16(-1e-50)).isEqualTo((short) 0x8000);
    assertThat(HalfFloats.toF16(1e6)).isEqualTo((short) 0x7C00);
    assertThat(HalfFloats.toF16(0x1p-25 + 0x1p-60))
        .as("above half the least subnormal")
        .isEqualTo((short) 0x0001);
    assertThat(HalfFloats.toF16(0x1p-25)).as("exactly half: to even").isEqualTo((short) 0);
    assertThat(HalfFloats.toBf16(Double.NaN)).isEqualTo((short) 0x7FC0);
  }
}
