package io.bstack.tx;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * The child JVM of {@link TxEarlyCrashTest}: runs large write transactions until it is killed.
 * The database is a 16-byte header (transaction number, then the length of the blobs after it)
 * followed by one blob per committed transaction, {@link #blobLength}{@code (n)} bytes of
 * {@link #blob}{@code (n)} for transaction {@code n}. Each transaction appends its blob in 4 KiB
 * pushes (so the early writes run: the threshold is {@link #EARLY_BYTES}), sometimes rolls a
 * savepoint back over part of it and writes it again, updates the header and commits; one in six is
 * rolled back instead. It logs {@code E <n>} once transaction {@code n} wrote pages early,
 * {@code B <n>} before {@code commit()} and {@code A <n>} after it returned, flushed each time.
 *
 * <p>Arguments: database file, seed, log file.
 */
public final class TxEarlyCrashChild {
    /** The early-write threshold of the child's store. */
    static final long EARLY_BYTES = 128 * 1024;

    private TxEarlyCrashChild() {}

    static TxOptions options() {
        return TxOptions.defaults().withEarlyWriteBytes(EARLY_BYTES).withCheckpointWalBytes(256 * 1024);
    }

    /** The blob of transaction {@code n}: 0.5 to 2.5 MiB, not page aligned. */
    static int blobLength(long n) {
        return (512 << 10) + (int) Math.floorMod(n * 7919L * 104729L, 2L << 20);
    }

    static byte[] blob(long n) {
        byte[] b = new byte[blobLength(n)];
        new Random(n).nextBytes(b);
        return b;
    }

    static byte[] header(long n, long blobBytes) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(n).putLong(blobBytes).array();
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        try (PrintStream log = new PrintStream(new FileOutputStream(args[2], true), true, StandardCharsets.UTF_8);
                TxStore store = TxStore.open(file, options())) {
            log.println("ready");
            while (true) {
                try (WriteTx tx = store.beginWrite(Duration.ofSeconds(10))) {
                    if (tx.isEmpty()) {
                        tx.push(header(0, 0));
                    }
                    ByteBuffer h = ByteBuffer.wrap(tx.get(0, 16)).order(ByteOrder.LITTLE_ENDIAN);
                    long n = h.getLong() + 1;
                    long blobBytes = h.getLong();
                    byte[] blob = blob(n);
                    long early = store.stats().earlyPages();
                    int redoFrom = random.nextInt(3) == 0 ? random.nextInt(blob.length) : -1;
                    Savepoint sp = null;
                    for (int at = 0; at < blob.length; at += 4096) {
                        if (at >= redoFrom && redoFrom >= 0 && sp == null) {
                            sp = tx.savepoint();
                            tx.push(new byte[300 * 1024]); // written early, then rolled back
                            tx.rollbackTo(sp);
                        }
                        tx.push(Arrays.copyOfRange(blob, at, Math.min(blob.length, at + 4096)));
                        if (early >= 0 && store.stats().earlyPages() > early) {
                            log.println("E " + n);
                            early = -1;
                        }
                    }
                    tx.set(0, header(n, blobBytes + blob.length));
                    if (random.nextInt(6) == 0) {
                        tx.rollback();
                        continue;
                    }
                    log.println("B " + n);
                    tx.commit();
                    log.println("A " + n);
                }
            }
        }
    }
}
