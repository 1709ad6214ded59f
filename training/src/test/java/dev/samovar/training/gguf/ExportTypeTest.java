package dev.samovar.training.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.gguf.GgmlType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportTypeTest {

  @Test
  void q4KmGivesLlama3_8bsAttnVAndFfnDownQ6kOnHalfTheLayers() {
    List<Integer> q6k = new ArrayList<>();
    for (int layer = 0; layer < 32; layer++) {
      GgmlType v = ExportType.Q4_K_M.typeOf("blk." + layer + ".attn_v.weight", layer, 32);
      GgmlType down = ExportType.Q4_K_M.typeOf("blk." + layer + ".ffn_down.weight", layer, 32);
      assertThat(down).isEqualTo(v);
      if (v == GgmlType.Q6_K) {
        q6k.add(layer);
      }
      assertThat(ExportType.Q4_K_M.typeOf("blk." + layer + ".attn_q.weight", layer, 32))
          .isEqualTo(GgmlType.Q4_K);
    }
    assertThat(q6k).containsExactly(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31);
    assertThat(ExportType.Q4_K_M.typeOf("output.weight", -1, 32)).isEqualTo(GgmlType.Q6_K);
    assertThat(ExportType.Q4_K_M.typeOf("token_embd.weight", -1, 32)).isEqualTo(GgmlType.Q4_K);
    assertThat(ExportType.Q8_0.typeOf("output.weight", -1, 32)).isEqualTo(GgmlType.Q8_0);
  }

  @Test
  void fileTypesAreLlamaFtypesNotGgmlTypes() {
    assertThat(ExportType.Q8_0.fileType()).isEqualTo(7);
    assertThat(GgmlType.Q8_0.id()).isEqualTo(8);
    assertThat(ExportType.BF16.fileType()).isEqualTo(32);
    assertThat(ExportType.Q4_K_M.fileType()).isEqualTo(15);
    assertThat(ExportType.parse("Q4_K_M")).isEqualTo(ExportType.Q4_K_M);
    assertThatThrownBy(() -> ExportType.parse("q2_k"))
        .hasMessage("unknown type 'q2_k' (one of f32, f16, bf16, q8_0, q4_0, q4_k_m)");
  }

  @Test
  void qkPermutationInterleavesTheTwoHalvesOfEachHead() {
    int[] rows = new int[8];
    for (int r = 0; r < 8; r++) {
      rows[r] = QkPermutation.sourceRow(r, 4);
    }
    assertThat(rows).containsExactly(0, 2, 1, 3, 4, 6, 5, 7);
  }
}
