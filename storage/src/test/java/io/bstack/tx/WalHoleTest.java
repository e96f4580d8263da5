package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Page images go to the WAL without their longest run of zeros; what a commit writes is what it changed, about. */
class WalHoleTest {
    private static final Duration T = Duration.ofSeconds(2);
    @TempDir
    Path dir;

    @Test
    void theLongestZeroRunIsFoundAndShortRunsAreKept() {
        byte[] page = new byte[4096];
        page[0] = 1;
        page[10] = 2; // a run of 9: too short
        page[4000] = 3;
        page[4095] = 4;
        int hole = WalFormat.hole(page);
        assertThat(hole >>> 16).as("head").isEqualTo(11);
        assertThat(hole & 0xFFFF).as("tail").isEqualTo(96);
        assertThat(WalFormat.imageSize(page, 4096)).isEqualTo(4 + 11 + 96);
        byte[] dense = new byte[4096];
        Arrays.fill(dense, (byte) 7);
        for (int i = 0; i < dense.length; i += 60) {
            dense[i] = 0;
        }
        assertThat(WalFormat.hole(dense)).isEqualTo(WalFormat.NO_HOLE);
        assertThat(WalFormat.imageSize(dense, 4096)).isEqualTo(4096);
        byte[] tailOnly = new byte[4096];
        tailOnly[0] = 9;
        assertThat(WalFormat.hole(tailOnly)).isEqualTo(1 << 16);
    }

    @Test
    void aSmallChangeMakesASmallRecordAndReadsBackEverywhere() throws IOException {
        Path db = dir.resolve("h.bstack");
        byte[] row = new byte[64];
        Arrays.fill(row, (byte) 5);
        long before;
        long after;
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            try (WriteTx tx = store.beginWrite(T)) {
                tx.extend(16 * 4096);
                tx.commit();
            }
            before = store.stats().walBytes();
            try (WriteTx tx = store.beginWrite(T)) {
                tx.set(3 * 4096 + 1000, row);
                tx.set(3 * 4096 + 4090, new byte[] {1, 2, 3, 4, 5, 6}); // bytes at both ends of one page
                tx.set(5 * 4096, new byte[] {9});
                tx.commit();
            }
            after = store.stats().walBytes();
            try (ReadTx r = store.beginRead()) {
                assertThat(r.get(3 * 4096 + 1000, 3 * 4096 + 1064)).isEqualTo(row);
                assertThat(r.get(3 * 4096 + 4090, 3 * 4096 + 4096)).containsExactly(1, 2, 3, 4, 5, 6);
                assertThat(r.get(3 * 4096 + 900, 3 * 4096 + 1000)).containsOnly(0);
                assertThat(r.get(5 * 4096, 5 * 4096 + 2)).containsExactly(9, 0);
            }
        }
        // page 3 keeps its first 1064 bytes and last 6 (the hole is the longest zero run, 1064..4090),
        // page 5 its first byte: 1 080 image bytes, plus tags, lengths and the record header
        assertThat(after - before).as("two changed pages: far less than two 4 KiB images").isBetween(1080L, 1200L);
        try (TxStore store = TxStore.open(db, TxTesting.fast()); ReadTx r = store.beginRead()) {
            assertThat(r.get(3 * 4096 + 1000, 3 * 4096 + 1064)).as("replayed from the WAL").isEqualTo(row);
            assertThat(r.get(3 * 4096 + 4088, 3 * 4096 + 4096)).containsExactly(0, 0, 1, 2, 3, 4, 5, 6);
            store.checkpoint();
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast()); ReadTx r = store.beginRead()) {
            assertThat(r.get(3 * 4096 + 1000, 3 * 4096 + 1064)).as("after a checkpoint").isEqualTo(row);
            assertThat(r.get(5 * 4096, 5 * 4096 + 1)).containsExactly(9);
        }
        try (BStack wal = BStack.open(TxStore.walPath(db), StackOptions.testing().withoutSync())) {
            assertThat(wal.len()).as("the checkpoint at close emptied the WAL back to its header").isEqualTo(WalFormat.HEADER_SIZE);
        }
    }
}
