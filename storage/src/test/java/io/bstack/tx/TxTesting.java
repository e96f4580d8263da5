package io.bstack.tx;

import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Shared fixtures of the transaction tests: fast options and temp directories. */
final class TxTesting {
    private TxTesting() {}

    /** No syncs on either file, a small pool: for tests where durability is not the point. */
    static TxOptions fast() {
        return TxOptions.defaults()
                .withStackOptions(StackOptions.testing().withoutSync(), StackOptions.testing().withoutSync())
                .withPoolBytes(64 * 4096);
    }

    /**
     * Writes {@code b} at view offset {@code at} one page of {@code ps} bytes at a time: each write is
     * too small to go over the main-file copy at once ({@link ThroughWriter}), so the pages reach the
     * commit as images and the commit decides where they go.
     */
    static void setByPages(WriteTx tx, long at, byte[] b, int ps) throws IOException {
        for (int p = 0; p * ps < b.length; p++) {
            tx.set(at + (long) p * ps, java.util.Arrays.copyOfRange(b, p * ps, Math.min(b.length, (p + 1) * ps)));
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("bstack-tx");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
