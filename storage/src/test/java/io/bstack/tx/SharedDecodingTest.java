package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions share what they decoded, only while the bytes are the same. */
class SharedDecodingTest {
    private static final Duration T = Duration.ofSeconds(2);
    @TempDir
    Path dir;

    private TxStore store(String name) throws IOException {
        return TxStore.open(dir.resolve(name), TxTesting.fast());
    }

    private static void fill(TxStore s, int pages) throws IOException {
        try (WriteTx tx = s.beginWrite(T)) {
            tx.extend(pages * 4096L);
            tx.commit();
        }
    }

    @Test
    void aLaterSnapshotFindsWhatAnEarlierOneDecodedUntilTheBytesChange() throws IOException {
        try (TxStore s = store("r.bstack")) {
            fill(s, 4);
            try (ReadTx a = s.beginRead()) {
                a.keepDecoded(100, 5000, "two pages");
            }
            try (ReadTx b = s.beginRead()) {
                assertThat(b.decoded(100, 5000)).isEqualTo("two pages");
                assertThat(b.decoded(100, 4000)).as("another length").isNull();
            }
            try (WriteTx tx = s.beginWrite(T)) {
                assertThat(tx.decoded(100, 5000)).as("a writer that changed nothing yet").isEqualTo("two pages");
                tx.set(3 * 4096, new byte[] {1}); // another page
                tx.commit();
            }
            try (ReadTx c = s.beginRead()) {
                assertThat(c.decoded(100, 5000)).isEqualTo("two pages");
            }
            try (WriteTx tx = s.beginWrite(T)) {
                tx.set(4097, new byte[] {1}); // the range's second page
                assertThat(tx.decoded(100, 5000)).as("changed here, nothing kept for it").isNull();
                tx.commit();
            }
            try (ReadTx d = s.beginRead()) {
                assertThat(d.decoded(100, 5000)).isNull();
            }
        }
    }

    @Test
    void aWritersDecodingOfItsOwnChangesIsSharedAtCommitUnlessChangedAgain() throws IOException {
        try (TxStore s = store("w.bstack")) {
            fill(s, 4);
            try (WriteTx tx = s.beginWrite(T)) {
                tx.set(0, new byte[] {7});
                tx.keepDecoded(0, 4096, "page 0 v1");
                assertThat(tx.decoded(0, 4096)).isEqualTo("page 0 v1");
                tx.set(8192, new byte[] {7});
                tx.keepDecoded(8192, 4096, "page 2 v1");
                tx.set(8192 + 4095, new byte[] {8}); // its last byte changes after the decoding
                tx.commit();
            }
            try (ReadTx r = s.beginRead()) {
                assertThat(r.decoded(0, 4096)).isEqualTo("page 0 v1");
                assertThat(r.decoded(8192, 4096)).isNull();
            }
        }
    }

    @Test
    void rollbacksShareNothing() throws IOException {
        try (TxStore s = store("b.bstack")) {
            fill(s, 4);
            try (WriteTx tx = s.beginWrite(T)) {
                Savepoint sp = tx.savepoint();
                tx.set(0, new byte[] {7});
                tx.keepDecoded(0, 4096, "gone");
                tx.rollbackTo(sp);
                assertThat(tx.decoded(0, 4096)).isNull();
                tx.set(4096, new byte[] {7});
                tx.keepDecoded(4096, 4096, "rolled back");
                tx.rollback();
            }
            try (ReadTx r = s.beginRead()) {
                assertThat(r.decoded(0, 4096)).isNull();
                assertThat(r.decoded(4096, 4096)).isNull();
            }
        }
    }

    @Test
    void aLengthCutForgetsTheCutPages() throws IOException {
        try (TxStore s = store("c.bstack")) {
            fill(s, 4);
            try (ReadTx a = s.beginRead()) {
                a.keepDecoded(3 * 4096, 4096, "last page");
            }
            try (WriteTx tx = s.beginWrite(T)) {
                tx.discard(4096);
                tx.extend(4096); // reads zero now
                tx.commit();
            }
            try (ReadTx b = s.beginRead()) {
                assertThat(b.decoded(3 * 4096, 4096)).isNull();
            }
        }
    }

    @Test
    void sharingCanBeTurnedOff() throws IOException {
        try (TxStore s = TxStore.open(dir.resolve("o.bstack"), TxTesting.fast().withDecodedPages(0))) {
            fill(s, 2);
            try (ReadTx a = s.beginRead()) {
                a.keepDecoded(0, 4096, "x");
                assertThat(a.decoded(0, 4096)).isNull();
            }
        }
    }
}
