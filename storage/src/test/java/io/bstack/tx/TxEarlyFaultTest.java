package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures around early writes: a failed main-file call of an early write leaves the transaction
 * usable (its pages stay in memory; it commits or, if the file must be reopened, fails) and never
 * exposes a part; a failed WAL push of a commit that wrote early cuts the main file back. Either
 * way the database shows exactly the last successful commit, before and after reopen.
 */
class TxEarlyFaultTest {
    private static final Duration T = Duration.ofSeconds(2);
    private static final int PS = 4096;
    @TempDir
    Path dir;

    private static TxOptions faulty(OneShotFault mainFault, OneShotFault walFault) {
        return TxTesting.fast().withEarlyWriteBytes(16L * PS)
                .withStackOptions(StackOptions.testing().withoutSync().withFaultPolicy(mainFault),
                        StackOptions.testing().withoutSync().withFaultPolicy(walFault));
    }

    private static void pushInPieces(WriteTx tx, byte[] blob) throws IOException {
        for (int at = 0; at < blob.length; at += 1000) {
            tx.push(Arrays.copyOfRange(blob, at, Math.min(blob.length, at + 1000)));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** k = which main-file call of the first early write fails. */
    @ParameterizedTest(name = "main-file call {0} of an early write fails")
    @ValueSource(ints = {0, 1, 2, 3})
    void aFailedEarlyWriteNeverExposesAPart(int k) throws IOException {
        OneShotFault mainFault = new OneShotFault();
        OneShotFault walFault = new OneShotFault();
        TxOptions opts = faulty(mainFault, walFault);
        Path db = dir.resolve("m" + k + ".bstack");
        byte[] head = TxDirectWriteTest.pattern(2 * PS, 1);
        byte[] blob = TxDirectWriteTest.pattern(100 * PS + 5, 2);
        TxStore store = TxStore.open(db, opts);
        try {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(head);
                tx.commit();
            }
            mainFault.arm(k);
            boolean committed;
            try (WriteTx big = store.beginWrite(T)) {
                pushInPieces(big, blob); // the failure is absorbed: the pages stay in memory
                assertThat(mainFault.fired()).isTrue();
                assertThat(big.get(0, big.len())).isEqualTo(concat(head, blob));
                try {
                    big.commit();
                    committed = true;
                } catch (IOException e) {
                    committed = false;
                    assertThat(store.needsReopen()).as("a commit fails only when the file must be reopened").isTrue();
                }
            }
            if (store.needsReopen()) {
                store.abandon();
                store = TxStore.open(db, opts);
            }
            byte[] want = committed ? concat(head, blob) : head;
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(want);
            store.close();
            store = TxStore.open(db, opts);
            assertThat(TxDirectWriteTest.content(store)).as("after reopen").isEqualTo(want);
        } finally {
            store.abandon();
        }
    }

    /** k = which WAL call of the commit's push fails. */
    @ParameterizedTest(name = "WAL call {0} of the push of a commit that wrote early fails")
    @ValueSource(ints = {0, 1, 2})
    void aFailedPushCutsTheEarlyPagesOff(int k) throws IOException {
        OneShotFault mainFault = new OneShotFault();
        OneShotFault walFault = new OneShotFault();
        TxOptions opts = faulty(mainFault, walFault);
        Path db = dir.resolve("w" + k + ".bstack");
        byte[] head = TxDirectWriteTest.pattern(2 * PS, 3);
        TxStore store = TxStore.open(db, opts);
        try {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.push(head);
                tx.commit();
            }
            long mainLen = store.files().main().len();
            WriteTx big = store.beginWrite(T);
            pushInPieces(big, TxDirectWriteTest.pattern(100 * PS, 4));
            assertThat(store.stats().earlyPages()).isPositive();
            walFault.arm(k);
            assertThatThrownBy(big::commit).isInstanceOf(IOException.class);
            assertThat(walFault.fired()).isTrue();
            if (store.needsReopen()) {
                store.abandon();
                store = TxStore.open(db, opts);
            }
            assertThat(store.files().main().len()).as("main cut back").isEqualTo(mainLen);
            assertThat(TxDirectWriteTest.content(store)).isEqualTo(head);
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(100L * PS);
                tx.commit();
            }
            byte[] want = Arrays.copyOf(head, head.length + 100 * PS);
            assertThat(TxDirectWriteTest.content(store)).as("the cut pages read zero").isEqualTo(want);
            store.close();
            store = TxStore.open(db, opts);
            assertThat(TxDirectWriteTest.content(store)).as("after reopen").isEqualTo(want);
        } finally {
            store.abandon();
        }
    }
}
