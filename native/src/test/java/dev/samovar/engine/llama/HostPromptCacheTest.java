package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostPromptCacheTest {
  private final List<FakeState> closed = new ArrayList<>();

  private final class FakeState implements HostPromptCache.State {
    private final String name;
    private final long bytes;

    FakeState(String name, long bytes) {
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    public long bytes() {
      return bytes;
    }

    @Override
    public void close() {
      closed.add(this);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  void findsTheCopySharingTheLongestPrefixUpToAllButThePromptsLastToken() {
    HostPromptCache cache = new HostPromptCache(-1);
    FakeState ab = new FakeState("ab", 10);
    FakeState ax = new FakeState("ax", 10);
    cache.put(new int[] {1, 2, 3, 4}, ab);
    cache.put(new int[] {1, 9, 9, 9, 9}, ax);

    HostPromptCache.Match match = cache.best(new int[] {1, 2, 3, 7}, 0).orElseThrow();
    assertThat(match.state()).isSameAs(ab);
    assertThat(match.prefix()).isEqualTo(3);
    assertThat(cache.best(new int[] {1, 2, 3, 4}, 0).orElseThrow().prefix())
        .as("the last prompt token is evaluated again for its logits")
        .isEqualTo(3);
    assertThat(cache.best(new int[] {1, 2, 3, 7}, 3)).as("not longer than 3").isEmpty();
    assertThat(cache.best(new int[] {5, 6}, 0)).isEmpty();
  }

  @Test
  void aCopyThatAnotherExtendsIsDroppedAndAnIdenticalOneReplaced() {
    HostPromptCache cache = new HostPromptCache(-1);
    FakeState shorter = new FakeState("shorter", 10);
    FakeState longer = new FakeState("longer", 20);
    FakeState again = new FakeState("again", 20);
    FakeState prefixOfLonger = new FakeState("prefix", 5);

    cache.put(new int[] {1, 2}, shorter);
    cache.put(new int[] {1, 2, 3}, longer);
    assertThat(closed).containsExactly(shorter);
    cache.put(new int[] {1, 2, 3}, again);
    assertThat(closed).containsExactly(shorter, longer);
    cache.put(new int[] {1}, prefixOfLonger);
    assertThat(closed).containsExactly(shorter, longer, prefixOfLonger);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.bytes()).isEqualTo(20);
    assertThat(cache.holds(new int[] {1, 2, 3})).isTrue();
    assertThat(cache.holds(new int[] {1, 2})).isFalse();
  }

  @Test
  void keepsWithinItsBytesDroppingTheLeastRecentlyUsedFirst() {
    HostPromptCache cache = new HostPromptCache(100);
    FakeState a = new FakeState("a", 40);
    FakeState b = new FakeState("b", 40);
    FakeState c = new FakeState("c", 40);
    FakeState huge = new FakeState("huge", 101);
    cache.put(new int[] {1}, a);
    cache.put(new int[] {2}, b);
    HostPromptCache.Match used = cache.best(new int[] {1, 0}, 0).orElseThrow();
    cache.take(used);
    cache.put(used.tokens(), used.state());

    cache.put(new int[] {3}, c);
    assertThat(closed).as("b was used longest ago").containsExactly(b);
    assertThat(cache.bytes()).isEqualTo(80);

    assertThat(cache.accepts(101)).isFalse();
    cache.put(new int[] {4}, huge);
    assertThat(closed).containsExactly(b, huge);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void aTakenCopyIsTheCallersUntilGivenBack() {
    HostPromptCache cache = new HostPromptCache(-1);
    FakeState state = new FakeState("s", 30);
    cache.put(new int[] {1, 2, 3}, state);
    HostPromptCache.Match match = cache.best(new int[] {1, 2, 3, 4}, 0).orElseThrow();

    cache.take(match);
    assertThat(cache.size()).isZero();
    assertThat(cache.bytes()).isZero();
    assertThat(closed).isEmpty();
    cache.clear();
    assertThat(closed).isEmpty();
  }

  @Test
  void offKeepsNothingAndClearClosesEverything() {
    HostPromptCache off = new HostPromptCache(0);
    FakeState dropped = new FakeState("dropped", 1);
    assertThat(off.enabled()).isFalse();
    assertThat(new HostPromptCache(-1).enabled()).isTrue();
    assertThat(off.accepts(1)).isFalse();
    off.put(new int[] {1}, dropped);
    assertThat(off.size()).isZero();
    assertThat(closed).containsExactly(dropped);

    HostPromptCache cache = new HostPromptCache(-1);
    FakeState kept = new FakeState("kept", 1);
    cache.put(new int[] {2}, kept);
    cache.clear();
    assertThat(closed).containsExactly(dropped, kept);
    assertThat(cache.bytes()).isZero();
  }
}
