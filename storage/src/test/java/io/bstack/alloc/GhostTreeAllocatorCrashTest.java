package io.bstack.alloc;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared SIGKILL crash harness ({@link AllocatorCrash}) on the AVL best-fit allocator. */
class GhostTreeAllocatorCrashTest {
    @TempDir
    Path dir;

    @Test
    void survivesBeingKilledAtRandomPoints() throws Exception {
        AllocatorCrash.run(new GhostTreeFactory(), dir);
    }
}
