package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.AllocatorFactory;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.FirstFitFactory;
import io.bstack.alloc.GhostTreeFactory;
import io.bstack.alloc.Region;
import io.bstack.alloc.RegionHandle;
import io.bstack.alloc.SegregatedFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Allocators run unchanged inside write transactions: alloc/realloc/dealloc with region writes,
 * committed across several transactions and a reopen, verify with each factory's structural
 * check; a rolled-back transaction leaves the allocator's bytes exactly as at the last commit.
 */
class TxAllocatorTest {
    private static final Duration T = Duration.ofSeconds(2);
    @TempDir
    Path dir;

    static Stream<AllocatorFactory> factories() {
        return Stream.of(new GhostTreeFactory(), new FirstFitFactory(), new SegregatedFactory());
    }

    /** Regions the test believes live, with their contents. */
    private final Map<Region, byte[]> live = new LinkedHashMap<>();

    private void work(BStackAllocator a, Random r, int ops) throws IOException {
        List<RegionHandle> handles = new ArrayList<>();
        for (Region reg : live.keySet()) {
            handles.add(a.reclaim(reg));
        }
        for (int i = 0; i < ops; i++) {
            int k = r.nextInt(10);
            if (k < 5 || handles.isEmpty()) {
                RegionHandle h = a.alloc(1 + r.nextInt(3000));
                byte[] data = new byte[(int) h.len()];
                r.nextBytes(data);
                h.slice().write(0, data);
                handles.add(h);
                live.put(h.region(), data);
            } else if (k < 8) {
                RegionHandle h = handles.remove(r.nextInt(handles.size()));
                byte[] old = live.remove(h.region());
                RegionHandle n = a.realloc(h, 1 + r.nextInt(5000));
                byte[] data = new byte[(int) n.len()];
                System.arraycopy(old, 0, data, 0, Math.min(old.length, data.length));
                assertThat(n.slice().read()).as("realloc keeps the prefix").isEqualTo(data);
                byte[] tail = new byte[Math.min(64, data.length)];
                r.nextBytes(tail);
                n.slice().write(data.length - tail.length, tail);
                System.arraycopy(tail, 0, data, data.length - tail.length, tail.length);
                handles.add(n);
                live.put(n.region(), data);
            } else {
                RegionHandle h = handles.remove(r.nextInt(handles.size()));
                live.remove(h.region());
                a.dealloc(h);
            }
        }
    }

    private void check(AllocatorFactory f, BStackAllocator a, WriteTx tx) throws IOException {
        f.verify(a, live.keySet());
        for (Map.Entry<Region, byte[]> e : live.entrySet()) {
            assertThat(tx.get(e.getKey().offset(), e.getKey().end())).as("contents of %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void allocatorsCommitRollBackAndReopenInsideTransactions(AllocatorFactory f) throws IOException {
        Path db = dir.resolve(f.name() + ".bstack");
        Random r = new Random(f.name().hashCode());
        byte[] committed;
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            WriteTx tx = store.beginWrite(T);
            BStackAllocator a = f.create(tx);
            work(a, r, 60);
            check(f, a, tx);
            tx.commit();
            for (int round = 0; round < 3; round++) {
                tx = store.beginWrite(T);
                a = f.open(tx);
                check(f, a, tx);
                work(a, r, 40);
                check(f, a, tx);
                tx.commit();
            }
            tx = store.beginWrite(T);
            committed = tx.get(0, tx.len());
            Map<Region, byte[]> before = new LinkedHashMap<>(live);
            a = f.open(tx);
            work(a, r, 40);
            var sp = tx.savepoint();
            work(a, r, 20);
            tx.rollbackTo(sp);
            tx.rollback();
            live.clear();
            live.putAll(before);
            tx = store.beginWrite(T);
            assertThat(tx.get(0, tx.len())).as("bytes after rollback").isEqualTo(committed);
            a = f.open(tx);
            check(f, a, tx);
            tx.rollback();
        }
        try (TxStore store = TxStore.open(db, TxTesting.fast())) {
            WriteTx tx = store.beginWrite(T);
            assertThat(tx.get(0, tx.len())).as("bytes after reopen").isEqualTo(committed);
            BStackAllocator a = f.open(tx);
            check(f, a, tx);
            work(a, r, 30);
            check(f, a, tx);
            tx.commit();
            try (ReadTx reader = store.beginRead()) {
                for (Map.Entry<Region, byte[]> e : live.entrySet()) {
                    assertThat(reader.get(e.getKey().offset(), e.getKey().end())).isEqualTo(e.getValue());
                }
            }
        }
    }
}
