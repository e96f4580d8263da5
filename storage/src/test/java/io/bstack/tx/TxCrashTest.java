package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.FirstFitFactory;
import io.bstack.alloc.GhostTreeFactory;
import io.bstack.alloc.SegregatedFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a child JVM running transactions (see {@link TxCrash}) in every durability mode, over the
 * ghost-tree allocator, and in FULL mode over first-fit and segregated too. The kills per run come
 * from {@code -Dbstack.tx.crash.kills} (CI default 6; the long mode runs 500+).
 */
class TxCrashTest {

    private static final java.util.concurrent.atomic.AtomicInteger FULL_KILLS_IN_COMMIT =
            new java.util.concurrent.atomic.AtomicInteger();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void ghostTreeSurvivesKillsInEveryDurabilityMode(Durability durability) throws Exception {
        int inCommit = TxCrash.run(new GhostTreeFactory(), durability, dir);
        if (durability == Durability.FULL) {
            FULL_KILLS_IN_COMMIT.addAndGet(inCommit);
        }
    }

    @Test
    void firstFitSurvivesKillsWithFullDurability() throws Exception {
        FULL_KILLS_IN_COMMIT.addAndGet(TxCrash.run(new FirstFitFactory(), Durability.FULL, dir));
    }

    @Test
    void segregatedSurvivesKillsWithFullDurability() throws Exception {
        FULL_KILLS_IN_COMMIT.addAndGet(TxCrash.run(new SegregatedFactory(), Durability.FULL, dir));
    }

    /** Over the class's FULL runs (half their kills aimed at a commit), some kills landed inside one. */
    @AfterAll
    static void someKillsLandedInsideACommit() {
        assertThat(FULL_KILLS_IN_COMMIT.get()).as("kills inside a FULL commit, over all runs").isPositive();
    }

}
