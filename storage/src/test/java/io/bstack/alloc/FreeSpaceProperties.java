package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.ByteStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link FreeSpace} against a model of the live regions, for each allocator a database offers:
 * random programs of alloc, realloc and free; after each program the free extents are sorted,
 * disjoint and inside the arena, no free extent touches a live region's block, every live region
 * lies in its block, and the header, the free extents and the live blocks tile the payload
 * exactly. Freeing everything leaves only free space (or nothing past the header).
 */
class FreeSpaceProperties {
    enum Kind {
        GHOSTTREE, FIRSTFIT, SEGREGATED
    }

    /** One step: 0 alloc, 1 free, 2 realloc; a length; which live region (modulo their number). */
    record Op(int what, int len, int pick) {}

    @Provide
    Arbitrary<List<Op>> programs() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 9000),
                Arbitraries.integers().between(0, 1000)).as(Op::new).list().ofMaxSize(60);
    }

    @Property(tries = 40)
    void freeExtentsTileTheArenaWithTheLiveBlocks(@ForAll Kind kind, @ForAll("programs") List<Op> program)
            throws IOException {
        Path dir = Files.createTempDirectory("freespace");
        Path file = dir.resolve("a.bstack");
        try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
            BStackAllocator alloc = switch (kind) {
                case GHOSTTREE -> new GhostTreeAllocator(stack);
                case FIRSTFIT -> new FirstFitAllocator(stack);
                case SEGREGATED -> new SegregatedAllocator(stack);
            };
            List<RegionHandle> live = new ArrayList<>();
            for (Op op : program) {
                if (op.what() == 0 || live.isEmpty()) {
                    live.add(alloc.alloc(op.len()));
                } else if (op.what() == 1) {
                    alloc.dealloc(live.remove(op.pick() % live.size()));
                } else {
                    RegionHandle h = live.remove(op.pick() % live.size());
                    live.add(alloc.realloc(h, op.len()));
                }
            }
            check(kind, stack, live.stream().map(RegionHandle::region).toList());
            for (RegionHandle h : live) {
                alloc.dealloc(h);
            }
            List<Region> free = check(kind, stack, List.of());
            long arena = stack.len() - arenaStart(kind);
            assertThat(free.stream().mapToLong(Region::len).sum()).isEqualTo(arena);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static long arenaStart(Kind kind) {
        return switch (kind) {
            case GHOSTTREE -> GhostTreeAllocator.ARENA_START;
            case FIRSTFIT -> FirstFitLayout.ARENA_START;
            case SEGREGATED -> SegregatedClasses.ARENA_START;
        };
    }

    private static List<Region> check(Kind kind, ByteStack stack, List<Region> live) throws IOException {
        List<Region> free = switch (kind) {
            case GHOSTTREE -> FreeSpace.ghostTree(stack);
            case FIRSTFIT -> FreeSpace.firstFit(stack);
            case SEGREGATED -> FreeSpace.segregated(stack);
        };
        List<Region> tiles = new ArrayList<>(free);
        long start = arenaStart(kind);
        for (int i = 0; i < free.size(); i++) {
            assertThat(free.get(i).offset()).isGreaterThanOrEqualTo(start);
            assertThat(free.get(i).end()).isLessThanOrEqualTo(stack.len());
            if (i > 0) {
                assertThat(free.get(i - 1).end()).as("sorted and disjoint").isLessThanOrEqualTo(free.get(i).offset());
            }
        }
        for (Region r : live) {
            Region block = switch (kind) {
                case GHOSTTREE -> FreeSpace.ghostTreeBlock(r);
                case FIRSTFIT -> FreeSpace.firstFitBlock(stack, r);
                case SEGREGATED -> FreeSpace.segregatedBlock(stack, r);
            };
            assertThat(block.contains(r)).as("%s in its block %s", r, block).isTrue();
            for (Region f : free) {
                assertThat(f.overlaps(block)).as("free %s overlaps live block %s", f, block).isFalse();
            }
            tiles.add(block);
        }
        tiles.sort(Comparator.naturalOrder());
        long at = start;
        for (Region t : tiles) {
            assertThat(t.offset()).as("tiles %s", tiles).isEqualTo(at);
            at = t.end();
        }
        assertThat(at).as("tiles reach the end").isEqualTo(stack.len());
        return free;
    }
}
