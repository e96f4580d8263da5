package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void stateWordSeparatesPinsFromExclusiveOwnership() {
        try (Arena arena = Arena.ofConfined()) {
            Frame f = new Frame(arena.allocate(4096));
            assertThat(f.pins()).isEqualTo(-1);
            assertThat(f.tryPin()).isFalse();
            assertThat(f.tryPinUncounted()).isFalse();
            f.publish(1);
            assertThat(f.tryLock()).isFalse();
            assertThat(f.tryPin()).isTrue();
            assertThat(f.tryPinUncounted()).isTrue();
            assertThat(f.pins()).isEqualTo(3);
            assertThat(f.pinsTaken()).isEqualTo(1);
            f.unpin();
            f.unpin();
            f.unpin();
            assertThatThrownBy(f::unpin).isInstanceOf(IllegalStateException.class);
            assertThat(f.pins()).isZero();
            assertThat(f.tryLock()).isTrue();
            assertThat(f.pins()).isEqualTo(-1);
            assertThatThrownBy(f::unpin).isInstanceOf(IllegalStateException.class);
            assertThat(f.tryLock()).isFalse();
            f.publish(0);
            assertThat(f.pinsTaken()).isEqualTo(1);
            assertThatThrownBy(() -> f.publish(0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void hitCountFoldsIntoTheOverflowCounterInsteadOfReachingTheExclusiveBit() {
        try (Arena arena = Arena.ofConfined()) {
            long max = Frame.maxPinsInWord();
            Frame f = new Frame(arena.allocate(4096), max);
            f.publish(0);
            assertThat(f.tryPin()).isTrue();
            assertThat(f.pins()).isEqualTo(1);
            assertThat(f.pinsTaken()).isEqualTo(max + 1);
            assertThat(f.tryPin()).isTrue();
            assertThat(f.pinsTaken()).isEqualTo(max + 2);
            f.unpin();
            f.unpin();
            assertThat(f.tryLock()).isTrue();
            assertThatThrownBy(() -> new Frame(arena.allocate(4096), max + 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
