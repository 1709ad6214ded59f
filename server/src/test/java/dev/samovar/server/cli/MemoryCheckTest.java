package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.ModelFootprint;
import dev.samovar.models.plan.LayerSize;
import dev.samovar.models.plan.MemoryPlan;
import dev.samovar.models.plan.MemorySettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryCheckTest {
  @Test
  void theFootprintComesFromTheMemoryPlan() {
    MemoryPlan plan =
        new MemoryPlan(
            new MemorySettings(8192, 1, 512),
            1000,
            200,
            300,
            40,
            List.of(new LayerSize(0, 400, 100), new LayerSize(1, 400, 100)),
            200);
    assertThat(MemoryCheck.footprint(plan))
        .isEqualTo(new ModelFootprint(List.of(500L, 500L), 200, 340));
  }
}
