package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening after a crash: replay, torn tails, foreign WALs, damaged superblocks. */
class TxRecoveryTest {
    private static final Duration T = Duration.ofSeconds(2);
    private static final int BSTACK_HEADER = 32;
    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void setUp() {
        db = dir.resolve("r.bstack");
    }

    /** Commit i appends 3000 bytes of value i and rewrites byte 0 to i. */
    private static long commit(TxStore store, int i) throws IOException {
        try (WriteTx tx = store.beginWrite(T)) {
            byte[] b = new byte[3000];
            Arrays.fill(b, (byte) i);
            tx.push(b);
            tx.set(0, new byte[] {(byte) i});
            return tx.commit();
        }
    }

    private static byte[] expected(int commits) {
        byte[] all = new byte[3000 * commits];
        for (int i = 1; i <= commits; i++) {
            Arrays.fill(all, 3000 * (i - 1), 3000 * i, (byte) i);
        }
        if (commits > 0) {
            all[0] = (byte) commits;
        }
        return all;
    }

    private static byte[] content(TxStore store) throws IOException {
        try (ReadTx r = store.beginRead()) {
            return r.get(0, r.len());
        }
    }

    private static long walPayloadLen(Path wal) throws IOException {
        try (BStack s = BStack.open(wal, StackOptions.testing().withoutSync())) {
            return s.len();
        }
    }

    @Test
    void replayWithoutCheckpointGivesTheCommittedState() throws IOException {
        TxStore store = TxStore.open(db, TxTesting.fast());
        long last = 0;
        for (int i = 1; i <= 4; i++) {
            last = commit(store, i);
        }
        store.abandon();
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(again.stats().checkpointSeq()).isZero();
            assertThat(again.lastCommittedSeq()).isEqualTo(last);
            assertThat(content(again)).isEqualTo(expected(4));
            commit(again, 5);
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).isEqualTo(expected(5));
        }
        assertThat(walPayloadLen(TxStore.walPath(db))).as("clean close truncates the WAL to its header").isEqualTo(44);
    }

    @Test
    void aGarbledLastRecordIsATornTailAndIsDiscarded() throws IOException {
        TxStore store = TxStore.open(db, TxTesting.fast());
        long second = 0;
        for (int i = 1; i <= 3; i++) {
            long s = commit(store, i);
            if (i == 2) {
                second = s;
            }
        }
        store.abandon();
        Path wal = TxStore.walPath(db);
        long end = 32 + walPayloadLen(wal); // the payload's end (zeros may be reserved past it)
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x55, 0x66, 0x77}), end - 10);
        }
        long walBefore = walPayloadLen(wal);
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(again.lastCommittedSeq()).isEqualTo(second);
            assertThat(content(again)).isEqualTo(expected(2));
            assertThat(again.stats().walBytes()).as("torn bytes discarded").isLessThan(walBefore);
            commit(again, 3);
            assertThat(content(again)).isEqualTo(expected(3));
            again.abandon();
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).isEqualTo(expected(3));
        }
    }

    @Test
    void aTruncatedLastRecordIsATornTail() throws IOException {
        TxStore store = TxStore.open(db, TxTesting.fast());
        for (int i = 1; i <= 3; i++) {
            commit(store, i);
        }
        store.abandon();
        try (BStack wal = BStack.open(TxStore.walPath(db), StackOptions.testing().withoutSync())) {
            wal.discard(1000);
        }
        try (TxStore again = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(again)).isEqualTo(expected(2));
        }
    }

    @Test
    void aForeignWalIsRefusedAndNeverReplayed() throws IOException {
        Path other = dir.resolve("other.bstack");
        TxStore a = TxStore.open(other, TxTesting.fast());
        commit(a, 1);
        a.abandon();
        try (TxStore b = TxStore.open(db, TxTesting.fast())) {
            commit(b, 1);
            commit(b, 2);
        }
        Files.copy(TxStore.walPath(other), TxStore.walPath(db), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> TxStore.open(db, TxTesting.fast()))
                .isInstanceOf(TxForeignWalException.class)
                .hasMessageContaining(TxStore.walPath(db).toString())
                .hasMessageContaining(db.toString());
        Files.delete(TxStore.walPath(db));
        try (TxStore b = TxStore.open(db, TxTesting.fast())) {
            assertThat(content(b)).as("main file untouched by the refused open").isEqualTo(expected(2));
        }
    }

    @Test
    void aDamagedSuperblockIsCorruption() throws IOException {
        try (TxStore s = TxStore.open(db, TxTesting.fast())) {
            commit(s, 1);
        }
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xEE}), BSTACK_HEADER + 20);
        }
        assertThatThrownBy(() -> TxStore.open(db, TxTesting.fast()))
                .isInstanceOf(BStackCorruptException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("CRC");
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'X'}), BSTACK_HEADER);
        }
        assertThatThrownBy(() -> TxStore.open(db, TxTesting.fast()))
                .isInstanceOf(BStackCorruptException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void aMissingDatabaseIsNotCreatedWhenCreateIfMissingIsOff() {
        assertThatThrownBy(() -> TxStore.open(db, TxTesting.fast().withCreateIfMissing(false)))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(Files.exists(db)).isFalse();
    }
}
