package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failure while a large commit writes its fresh pages to the main file (any file call of the
 * append, including its sync), or of the WAL push after it, fails that commit cleanly: the main
 * file is cut back, the bytes are never visible (a later small extend reads zeros, before and
 * after reopen), and the store keeps working.
 */
class TxDirectFaultTest {
    private static final Duration T = Duration.ofSeconds(2);
    private static final int PS = 4096;
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("df.bstack");
    }

    private static TxOptions faulty(OneShotFault mainFault, OneShotFault walFault) {
        return TxTesting.fast().withStackOptions(StackOptions.testing().withoutSync().withFaultPolicy(mainFault),
                StackOptions.testing().withoutSync().withFaultPolicy(walFault));
    }

    /** k = which main-file call of the direct append fails: 0 data write, 1 length write, 2 sync. */
    @ParameterizedTest(name = "main-file call {0} of the direct write fails")
    @ValueSource(ints = {0, 1, 2})
    void aFailedDirectWriteFailsTheCommitAndLeavesNoBytes(int k) throws IOException {
        runFailure(true, k);
    }

    /** k = which WAL call of the push after the direct write fails. */
    @ParameterizedTest(name = "WAL call {0} of the push after the direct write fails")
    @ValueSource(ints = {0, 1, 2})
    void aFailedWalPushAfterTheDirectWriteCutsTheMainFileBack(int k) throws IOException {
        runFailure(false, k);
    }

    private void runFailure(boolean inMain, int k) throws IOException {
        OneShotFault mainFault = new OneShotFault();
        OneShotFault walFault = new OneShotFault();
        TxOptions opts = faulty(mainFault, walFault);
        TxStore[] open = new TxStore[1];
        try {
            runFailure(inMain, k, mainFault, walFault, opts, open);
        } finally {
            if (open[0] != null) {
                open[0].abandon(); // a failed assertion must not leave the files claimed
            }
        }
    }

    private void runFailure(boolean inMain, int k, OneShotFault mainFault, OneShotFault walFault, TxOptions opts,
            TxStore[] open) throws IOException {
        byte[] head = TxDirectWriteTest.pattern(2 * PS, 1);
        TxStore store = TxStore.open(db, opts);
        open[0] = store;
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(head);
            tx.commit();
        }
        long mainLen = store.files().main().len();
        (inMain ? mainFault : walFault).arm(k);
        WriteTx big = store.beginWrite(T);
        big.push(TxDirectWriteTest.pattern(50 * PS, 9));
        assertThatThrownBy(big::commit).isInstanceOf(IOException.class);
        assertThat((inMain ? mainFault : walFault).fired()).isTrue();
        assertThat(store.stats().failedCommits() + (inMain ? 1 : 0)).isPositive();
        if (store.needsReopen()) {
            store.abandon();
            store = TxStore.open(db, opts);
            open[0] = store;
        }
        assertThat(store.files().main().len()).as("main cut back").isEqualTo(mainLen);
        assertThat(TxDirectWriteTest.content(store)).isEqualTo(head);
        try (WriteTx tx = store.beginWrite(T)) {
            tx.extend(50L * PS);
            tx.commit();
        }
        byte[] want = TxDirectWriteTest.concat(head, new byte[50 * PS]);
        assertThat(TxDirectWriteTest.content(store)).as("an extend over the failed region reads zeros").isEqualTo(want);
        try (WriteTx tx = store.beginWrite(T)) {
            tx.push(TxDirectWriteTest.pattern(20 * PS, 4)); // and the direct path works again
            tx.commit();
        }
        want = TxDirectWriteTest.concat(want, TxDirectWriteTest.pattern(20 * PS, 4));
        assertThat(store.stats().directPages()).isPositive();
        assertThat(TxDirectWriteTest.content(store)).isEqualTo(want);
        store.abandon();
        open[0] = null;
        try (TxStore again = TxStore.open(db, opts)) {
            assertThat(TxDirectWriteTest.content(again)).as("after reopen").isEqualTo(want);
        }
    }
}
