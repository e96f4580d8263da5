package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a stack and releasing its claim is one step for other opens: a file created in the
 * meantime may get the freed inode, and must not be taken for the closed one ("already open in
 * this JVM"). Found by the transaction crash harness, whose background checkpoints close replaced
 * WAL files while the child opens scratch files.
 */
class InodeReuseTest {
    @TempDir
    Path dir;

    @Test
    void aFileOnAFreedInodeOpensWhileAnotherStackCloses() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long until = System.nanoTime() + 1_500_000_000L;
        Thread closer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; System.nanoTime() < until && failure.get() == null; i++) {
                    Path p = dir.resolve("a" + (i % 4) + ".bstack");
                    BStack s = BStack.open(p, StackOptions.testing().withoutSync());
                    Files.delete(p); // the open descriptor keeps the inode until close frees it
                    s.close();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        int opened = 0;
        for (int i = 0; System.nanoTime() < until && failure.get() == null; i++) {
            Path p = dir.resolve("b" + i + ".bstack");
            try (BStack s = BStack.open(p, StackOptions.testing().withoutSync())) {
                opened += s.isEmpty() ? 1 : 0;
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            Files.deleteIfExists(p);
        }
        closer.join();
        assertThat(failure.get()).as("after %d opens", opened).isNull();
    }
}
