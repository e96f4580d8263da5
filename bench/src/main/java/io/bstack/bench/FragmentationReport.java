package io.bstack.bench;

import io.bstack.alloc.BStackAllocException;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.RegionHandle;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackUnsupportedException;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fragmentation tables of {@code docs/allocators.md}: every allocator runs the same seeded
 * workload — {@value #OPS} steps of 50 % alloc, 30 % free, 20 % realloc of a random live region —
 * once with sizes log-uniform in 16..4096 bytes (records and blobs) and once with 4096 bytes
 * only (pages); each table gives the stack's payload length divided by the bytes live at the end
 * (1.00 = no waste). Where an allocator refuses a resize (linear: any
 * region but the last), the workload does what a caller would: allocate anew and free the old
 * region (which, for linear, leaks unless it is last). Run:
 * {@code mvn -B -q -pl bench -am package -DskipTests -Pfragmentation}.
 */
public final class FragmentationReport {
    static final int OPS = 20_000;

    private FragmentationReport() {}

    public static void main(String[] args) throws IOException {
        Path dir = BenchFiles.newDir("bstack-frag-");
        try {
            for (boolean pages : new boolean[] {false, true}) {
                System.out.println(pages ? "\nPages: every request 4096 bytes\n" : "Mixed: requests log-uniform in 16..4096 bytes\n");
                System.out.println("| allocator | live regions | live bytes | payload bytes | payload / live |");
                System.out.println("|---|---:|---:|---:|---:|");
                for (String kind : AllocatorKinds.ALL.keySet()) {
                    System.out.println(row(kind, dir.resolve(kind + (pages ? "-pages" : "") + ".bstack"), pages));
                }
            }
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private static RegionHandle resize(BStackAllocator alloc, RegionHandle h, long size) throws IOException {
        try {
            return alloc.realloc(h, size);
        } catch (BStackAllocException e) {
            if (!(e.getCause() instanceof BStackUnsupportedException)) {
                throw e;
            }
            RegionHandle moved = alloc.alloc(size);
            alloc.dealloc(e.handle().orElseThrow());
            return moved;
        }
    }

    private static String row(String kind, Path file, boolean pages) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        try (BStackAllocator alloc = AllocatorKinds.create(kind, BStack.open(file, StackOptions.testing().withoutSync()))) {
            List<RegionHandle> live = new ArrayList<>();
            for (int step = 0; step < OPS; step++) {
                int dice = random.nextInt(100);
                long size = pages ? 4096 : (long) Math.exp(random.nextDouble(Math.log(16), Math.log(4097)));
                if (live.isEmpty() || dice < 50) {
                    live.add(alloc.alloc(size));
                } else {
                    int i = random.nextInt(live.size());
                    if (dice < 80) {
                        alloc.dealloc(live.remove(i));
                    } else {
                        live.set(i, resize(alloc, live.get(i), size));
                    }
                }
            }
            long bytes = live.stream().mapToLong(RegionHandle::len).sum();
            long payload = alloc.len();
            return String.format("| %s | %d | %d | %d | %.2f |", kind, live.size(), bytes, payload, (double) payload / bytes);
        }
    }
}
