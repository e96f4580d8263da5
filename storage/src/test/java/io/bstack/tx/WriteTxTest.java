package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.BStackInvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targeted cases of the overlay: shrink-then-grow across commits and savepoints, lifecycle, lock timeout. */
class WriteTxTest {
    private static final Duration T = Duration.ofSeconds(2);
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("t.bstack");
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void aDiscardCommittedThenAnExtendReadsZerosEverywhere() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(filled(3 * 4096 + 100, 7));
                tx.commit();
            }
            try (WriteTx tx = store.beginWrite(T)) {
                tx.discard(3 * 4096 + 100 - 1000);
                tx.commit();
            }
            for (int round = 0; round < 3; round++) {
                try (WriteTx tx = store.beginWrite(T)) {
                    assertThat(tx.len()).isEqualTo(1000);
                    tx.extend(4 * 4096);
                    byte[] all = tx.get(0, tx.len());
                    assertThat(Arrays.copyOfRange(all, 0, 1000)).containsOnly(7);
                    assertThat(Arrays.copyOfRange(all, 1000, all.length)).containsOnly(0);
                    tx.rollback();
                }
                try (ReadTx r = store.beginRead()) {
                    assertThat(r.get(0, r.len())).isEqualTo(filled(1000, 7));
                }
            }
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(4 * 4096);
                tx.commit();
            }
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(1000, r.len())).containsOnly(0);
            }
            store.checkpoint();
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(0, 1000)).containsOnly(7);
                assertThat(r.get(1000, r.len())).containsOnly(0);
            }
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast()); WriteTx tx = store.beginWrite(T)) {
            assertThat(tx.get(1000, tx.len())).containsOnly(0);
        }
    }

    @Test
    void releasingASavepointKeepsItsShrink() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast()); WriteTx tx = store.beginWrite(T)) {
            tx.push(filled(8192, 3));
            Savepoint sp = tx.savepoint();
            tx.discard(8000);
            tx.extend(8000);
            tx.release(sp);
            assertThat(tx.get(192, 8192)).containsOnly(0);
            assertThat(tx.get(0, 192)).containsOnly(3);
            assertThatThrownBy(() -> tx.rollbackTo(sp)).isInstanceOf(IllegalArgumentException.class);
            tx.commit();
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(192, 8192)).containsOnly(0);
            }
        }
    }

    @Test
    void rollbackToRestoresAndKeepsTheSavepoint() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast()); WriteTx tx = store.beginWrite(T)) {
            tx.push(filled(5000, 1));
            Savepoint sp = tx.savepoint();
            tx.set(10, filled(4500, 2));
            Savepoint inner = tx.savepoint();
            tx.discard(4990);
            tx.rollbackTo(sp);
            assertThat(tx.get(0, 5000)).isEqualTo(filled(5000, 1));
            assertThatThrownBy(() -> tx.release(inner)).isInstanceOf(IllegalArgumentException.class);
            tx.atrunc(100, filled(50, 9));
            tx.rollbackTo(sp);
            assertThat(tx.len()).isEqualTo(5000);
            assertThat(tx.commit()).isGreaterThan(0);
        }
    }

    @Test
    void anEndedTransactionRefusesEveryCall() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            WriteTx tx = store.beginWrite(T);
            tx.push(new byte[] {1});
            Savepoint sp = tx.savepoint();
            long seq = tx.commit();
            assertThat(store.lastCommittedSeq()).isEqualTo(seq);
            assertThatThrownBy(tx::len).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> tx.get(0, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> tx.push(new byte[1])).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(tx::rollback).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> tx.rollbackTo(sp)).isInstanceOf(IllegalStateException.class);
            tx.close();
            WriteTx second = store.beginWrite(T);
            second.rollback();
            assertThatThrownBy(second::savepoint).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anEmptyCommitWritesNothingAndInvalidInputChangesNothing() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(filled(10, 1));
                tx.commit();
            }
            long syncs = store.stats().syncs();
            try (WriteTx tx = store.beginWrite(T)) {
                assertThatThrownBy(() -> tx.set(5, new byte[6])).isInstanceOf(BStackInvalidInputException.class);
                assertThatThrownBy(() -> tx.discard(11)).isInstanceOf(BStackInvalidInputException.class);
                assertThat(tx.commit()).isEqualTo(store.lastCommittedSeq());
            }
            assertThat(store.stats().syncs()).isEqualTo(syncs);
        }
    }

    @Test
    void aSecondWriterTimesOutWithATypedError() throws Exception {
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            WriteTx first = store.beginWrite(T);
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.beginWrite(Duration.ofMillis(50)))
                    .isInstanceOf(TxLockTimeoutException.class)
                    .hasMessageContaining("waited")
                    .hasMessageContaining("held by thread '" + Thread.currentThread().getName() + "'");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(45);
            first.rollback();
            try (WriteTx second = store.beginWrite(Duration.ofMillis(50))) {
                assertThat(second.isActive()).isTrue();
            }
        }
    }
}
