package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.testing.ChildJvm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link TxEarlyCrashChild}) with SIGKILL while large transactions write pages
 * early: in the middle of a transaction that already wrote early pages, or just after a commit
 * returned. On reopen the database shows exactly the acknowledged transactions (or the one in
 * flight, whose commit had begun), every blob whole, never a part of one; and the main file is cut
 * back to what the committed state needs. {@code -Dbstack.tx.crash.kills} sets the kills (CI
 * default 6), {@code -Dbstack.tx.crash.seed} replays a run.
 */
class TxEarlyCrashTest {
    @TempDir
    Path dir;

    @Test
    void killsDuringEarlyWritesAndAfterCommitsLeaveExactlyTheAcknowledgedTransactions() throws Exception {
        int kills = Integer.getInteger("bstack.tx.crash.kills", 6);
        Long replay = Long.getLong("bstack.tx.crash.seed");
        long master = replay != null ? replay : new Random().nextLong();
        Random random = new Random(master);
        Path file = dir.resolve("early.bstack");
        long acknowledged = 0;
        int midTransaction = 0;
        for (int round = 0; round < kills; round++) {
            String context = "early-write crash, master seed " + master + " (-Dbstack.tx.crash.seed=" + master
                    + "), round " + round;
            Path log = dir.resolve("log-" + round + ".txt");
            ChildJvm child = ChildJvm.start(TxEarlyCrashChild.class, log, context, file.toString(),
                    Long.toString(random.nextLong()), log.toString());
            boolean midTx = round % 2 == 0;
            long acksBefore = 1 + random.nextInt(3);
            child.waitUntil(() -> child.count("A ") >= acksBefore);
            long earlyBefore = child.count("E ");
            if (midTx) {
                // The next transaction has written pages early: kill it before it reaches its commit.
                child.waitUntil(() -> child.count("E ") > earlyBefore);
            }
            // Mid-transaction rounds kill within 2 ms of the early write; the others within 0.5 ms of
            // a commit's return (the child's next transaction has just begun).
            List<String> lines = child.killAfter(random.nextInt(midTx ? 2000 : 500));
            long begun = acknowledged;
            long acked = acknowledged;
            long lastEarly = 0;
            for (String line : lines) {
                if (line.startsWith("B ")) {
                    begun = Long.parseLong(line.substring(2));
                } else if (line.startsWith("A ")) {
                    acked = Long.parseLong(line.substring(2));
                } else if (line.startsWith("E ")) {
                    lastEarly = Long.parseLong(line.substring(2));
                }
            }
            midTransaction += lastEarly > Math.max(begun, acked) ? 1 : 0;
            long found = check(file, context);
            assertThat(found).as(context + ": transaction after recovery (acknowledged %d, begun %d)", acked, begun)
                    .isBetween(acked, Math.max(acked, begun));
            acknowledged = found;
        }
        assertThat(acknowledged).as("transactions survived").isPositive();
        assertThat(midTransaction).as("kills that landed in a transaction after its early writes").isPositive();
        System.out.println("TxEarlyCrash: " + kills + " SIGKILLs, " + midTransaction + " after early writes of an"
                + " uncommitted transaction, transaction " + acknowledged + " at the end (master seed " + master + ")");
    }

    /** Reopens the store, checks every blob and the main file's length; returns the transaction number. */
    private static long check(Path file, String context) throws IOException {
        try (TxStore store = TxStore.open(file, TxEarlyCrashChild.options()); ReadTx r = store.beginRead()) {
            int ps = store.files().pageSize();
            long dataPages = (r.len() + ps - 1) / ps;
            assertThat(store.files().main().len()).as(context + ": main file cut back to the committed state's pages")
                    .isLessThanOrEqualTo(ps + dataPages * ps);
            if (r.len() == 0) {
                return 0;
            }
            ByteBuffer h = ByteBuffer.wrap(r.get(0, 16)).order(ByteOrder.LITTLE_ENDIAN);
            long n = h.getLong();
            long blobBytes = h.getLong();
            assertThat(r.len()).as(context + ": length of %d transactions", n).isEqualTo(16 + blobBytes);
            long at = 16;
            for (long t = 1; t <= n; t++) {
                byte[] want = TxEarlyCrashChild.blob(t);
                byte[] got = r.get(at, at + want.length);
                assertThat(Arrays.equals(got, want)).as(context + ": blob of transaction %d at %d", t, at).isTrue();
                at += want.length;
            }
            assertThat(at).isEqualTo(r.len());
            return n;
        }
    }
}
