package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write transaction writes held changes before commit and savepoints, and drops them on rollback. */
class HeldWritesTest {
    private static final Duration T = Duration.ofSeconds(2);
    @TempDir
    Path dir;

    /** Holds one byte for offset 0, written by flush; records what happened to it. */
    static final class OneByte implements ByteStack.HeldWrites {
        final ByteStack stack;
        final List<String> events = new ArrayList<>();
        byte pending;
        boolean failNext;

        OneByte(ByteStack stack) {
            this.stack = stack;
        }

        void hold(int b) {
            assertThat(stack.holdWrites(this)).isTrue();
            pending = (byte) b;
        }

        @Override
        public void flush() throws IOException {
            if (failNext) {
                failNext = false;
                throw new IOException("disk says no");
            }
            events.add("flush");
            stack.set(0, new byte[] {pending});
        }

        @Override
        public void discard() {
            events.add("discard");
        }
    }

    @Test
    void aCommitWritesHeldChangesFirst() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("c.bstack"), TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(8);
                OneByte h = new OneByte(tx);
                long before = tx.writeCount();
                h.hold(7);
                assertThat(tx.writeCount()).as("a held change counts as a change").isNotEqualTo(before);
                assertThat(tx.get(0, 1)).containsExactly(0);
                tx.commit();
                assertThat(h.events).containsExactly("flush");
            }
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(0, 1)).containsExactly(7);
            }
        }
    }

    @Test
    void aFailedFlushLeavesTheTransactionActiveAndStillHeld() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("f.bstack"), TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(8);
                OneByte h = new OneByte(tx);
                h.hold(5);
                h.failNext = true;
                assertThatThrownBy(tx::commit).isInstanceOf(IOException.class).hasMessageContaining("disk says no");
                assertThat(tx.isActive()).isTrue();
                tx.commit(); // held still: flushed now
                assertThat(h.events).containsExactly("flush");
            }
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(0, 1)).containsExactly(5);
            }
        }
    }

    @Test
    void aSavepointWritesHeldChangesAndRollingBackToItDiscardsLaterOnes() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("s.bstack"), TxTesting.fast());
                WriteTx tx = store.beginWrite(T)) {
            tx.extend(8);
            OneByte h = new OneByte(tx);
            h.hold(1);
            Savepoint sp = tx.savepoint();
            assertThat(tx.get(0, 1)).as("written before the savepoint").containsExactly(1);
            h.hold(2);
            tx.rollbackTo(sp);
            assertThat(h.events).containsExactly("flush", "discard");
            tx.commit();
            assertThat(h.events).as("nothing held after the rollback").containsExactly("flush", "discard");
        }
    }

    @Test
    void rollbackDiscardsAndFlushHeldSparesTheAsker() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("r.bstack"), TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(8);
                OneByte a = new OneByte(tx);
                OneByte b = new OneByte(tx);
                a.hold(3);
                b.hold(4);
                tx.flushHeld(a);
                assertThat(a.events).isEmpty();
                assertThat(b.events).containsExactly("flush");
                tx.rollback();
                assertThat(a.events).containsExactly("discard");
                assertThat(b.events).as("b held nothing any more").containsExactly("flush");
            }
            try (ReadTx r = store.beginRead()) {
                assertThat(r.len()).isZero();
            }
        }
    }

    @Test
    void aPlainStackHoldsNothing() throws IOException {
        try (io.bstack.stack.BStack s = io.bstack.stack.BStack.open(dir.resolve("p.bstack"))) {
            assertThat(s.holdWrites(new OneByte(s))).isFalse();
        }
    }
}
