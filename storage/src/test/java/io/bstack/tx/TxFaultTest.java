package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.InjectedFaultException;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failed WAL push fails its commit (and any commit built on it) with the exception; the store
 * stays usable, the failed changes are gone, later commits work, and a reopen shows exactly the
 * successful commits.
 */
class TxFaultTest {
    private static final Duration T = Duration.ofSeconds(2);
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("f.bstack");
    }

    private static TxOptions withWalFault(OneShotFault fault) {
        return TxTesting.fast().withStackOptions(StackOptions.testing().withoutSync(),
                StackOptions.testing().withoutSync().withFaultPolicy(fault));
    }

    private static byte[] block(int v) {
        byte[] b = new byte[5000];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] content(TxStore store) throws IOException {
        try (ReadTx r = store.beginRead()) {
            return r.get(0, r.len());
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** k = which file call of the push fails: 0 data write, 1 length write, 2 sync barrier. */
    @ParameterizedTest(name = "file call {0} of the push fails")
    @ValueSource(ints = {0, 1, 2})
    void aFailedPushFailsItsCommitAndLeavesTheStoreUsable(int k) throws IOException {
        OneShotFault fault = new OneShotFault();
        try (TxStore store = TxStore.open(db, withWalFault(fault))) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(block(1));
                tx.commit();
            }
            long walBefore = store.stats().walBytes();
            WriteTx failing = store.beginWrite(T);
            failing.push(block(2));
            failing.set(0, new byte[] {42});
            fault.arm(k);
            assertThatThrownBy(failing::commit).isInstanceOf(InjectedFaultException.class);
            assertThat(fault.fired()).isTrue();
            assertThat(store.needsReopen()).isFalse();
            assertThat(store.stats().failedCommits()).isEqualTo(1);
            assertThat(store.stats().walBytes()).as("the failed record is not left in the WAL").isEqualTo(walBefore);
            assertThat(content(store)).isEqualTo(block(1));
            try (WriteTx tx = store.beginWrite(T)) {
                assertThat(tx.get(0, tx.len())).as("the next writer's base").isEqualTo(block(1));
                tx.push(block(3));
                tx.commit();
            }
            assertThat(content(store)).isEqualTo(concat(block(1), block(3)));
            store.abandon();
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(store)).as("after reopen: exactly the successful commits").isEqualTo(concat(block(1), block(3)));
        }
    }

    @Test
    void aWriterBuiltOnAFailedCommitIsAborted() throws IOException {
        OneShotFault fault = new OneShotFault();
        TxOptions opts = withWalFault(fault).withDurability(Durability.NORMAL).withNormalInterval(Duration.ofHours(1));
        try (TxStore store = TxStore.open(db, opts)) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(block(1));
                tx.commit();
            }
            store.flush();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(block(2));
                tx.commit(); // NORMAL: queued, returns at once
            }
            WriteTx onTop = store.beginWrite(T);
            assertThat(onTop.len()).as("a writer sees the queued commit").isEqualTo(10_000);
            onTop.push(block(3));
            fault.arm(0);
            assertThatThrownBy(store::flush).isInstanceOf(InjectedFaultException.class);
            assertThatThrownBy(onTop::commit).isInstanceOf(TxAbortedException.class)
                    .hasCauseInstanceOf(InjectedFaultException.class);
            assertThatThrownBy(() -> onTop.len()).isInstanceOf(IllegalStateException.class);
            assertThat(store.stats().failedCommits()).isEqualTo(1);
            try (WriteTx tx = store.beginWrite(T)) {
                assertThat(tx.get(0, tx.len())).isEqualTo(block(1));
                tx.push(block(4));
                tx.commit();
            }
            store.flush();
            assertThat(content(store)).isEqualTo(concat(block(1), block(4)));
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(store)).isEqualTo(concat(block(1), block(4)));
        }
    }

    @Test
    void aWalThatCannotRepairItselfMakesTheStoreAskForAReopen() throws IOException {
        OneShotFault fault = new OneShotFault();
        try (TxStore store = TxStore.open(db, withWalFault(fault))) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(block(1));
                tx.commit();
            }
            WriteTx failing = store.beginWrite(T);
            failing.push(block(2));
            fault.arm(0, 50); // the push and the stack's own repair both fail
            assertThatThrownBy(failing::commit).isInstanceOf(InjectedFaultException.class);
            assertThat(store.needsReopen()).isTrue();
            assertThatThrownBy(() -> store.beginWrite(T)).isInstanceOf(io.bstack.stack.BStackException.class)
                    .hasMessageContaining("reopen");
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            assertThat(store.needsReopen()).isFalse();
            assertThat(content(store)).isEqualTo(block(1));
        }
    }

    @Test
    void aReadTransactionRefusesMutations() throws IOException {
        try (TxStore store = TxStore.open(db, TxTesting.fast()); ReadTx r = store.beginRead()) {
            assertThatThrownBy(() -> r.push(new byte[1])).isInstanceOf(TxReadOnlyException.class);
            assertThatThrownBy(() -> r.set(0, new byte[0])).isInstanceOf(TxReadOnlyException.class);
            assertThatThrownBy(() -> r.discard(0)).isInstanceOf(TxReadOnlyException.class);
            assertThatThrownBy(() -> r.get(0, 1)).isInstanceOf(io.bstack.stack.BStackInvalidInputException.class);
            assertThat(r.len()).isZero();
        }
    }

    @Test
    void transactionsOutlivingTheirStoreFailCleanly() throws IOException {
        TxStore store = TxStore.open(db, TxTesting.fast());
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(block(1));
            tx.commit();
        }
        ReadTx reader = store.beginRead();
        WriteTx writer = store.beginWrite(T);
        writer.push(block(2));
        store.close();
        assertThatThrownBy(() -> reader.get(0, 10)).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        assertThatThrownBy(writer::commit).isInstanceOf(TxAbortedException.class).hasMessageContaining("closed");
        assertThatThrownBy(store::beginRead).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        reader.close();
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).isEqualTo(block(1));
        }
    }
}
