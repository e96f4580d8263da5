package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GhostTreeAllocator#allocAligned} among ordinary allocations and frees: every aligned region
 * starts {@link GhostTreeAllocator#alignmentLead()} bytes before a multiple of its alignment, reads
 * zero, overlaps nothing live; after every step the raw free tree checks out
 * ({@link GhostTreeFactory#check}), and after a reopen (the coalescing repair) free and live blocks
 * cover the arena exactly: the padding an aligned tail allocation leaves is a free block, not a leak.
 */
class GhostTreeAlignedProperties {

    @TempDir
    Path dir;

    @Property(tries = 60)
    void alignedRegionsAreAlignedZeroAndDisjoint(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        Path file = Files.createTempFile("aligned", ".bstack");
        Files.delete(file);
        List<RegionHandle> live = new ArrayList<>();
        List<Long> contents = new ArrayList<>();
        try {
            GhostTreeAllocator alloc = new GhostTreeAllocator(BStack.open(file, StackOptions.testing().withoutSync()));
            int ops = 40 + random.nextInt(160);
            for (int op = 0; op < ops; op++) {
                int dice = random.nextInt(10);
                if (dice < 4 || live.isEmpty()) {
                    long align = 64L << random.nextInt(7);
                    long len = random.nextBoolean() ? align : 1 + random.nextInt((int) (2 * align));
                    RegionHandle h = alloc.allocAligned(len, align);
                    assertThat((h.offset() + alloc.alignmentLead()) % align).as("seed %d: %s aligned to %d", seed,
                            h.region(), align).isZero();
                    add(alloc, h, live, contents, random);
                } else if (dice < 7) {
                    add(alloc, alloc.alloc(1 + random.nextInt(3000)), live, contents, random);
                } else {
                    int i = random.nextInt(live.size());
                    alloc.dealloc(live.remove(i));
                    contents.remove(i);
                }
                GhostTreeFactory.check(alloc.stack(), live.stream().map(RegionHandle::region).toList());
                if (random.nextInt(20) == 0) {
                    List<Region> regions = live.stream().map(RegionHandle::region).toList();
                    alloc.close();
                    alloc = new GhostTreeAllocator(BStack.open(file, StackOptions.testing().withoutSync()));
                    GhostTreeFactory.checkNoLeak(alloc.stack(), regions);
                    live.clear();
                    for (Region r : regions) {
                        live.add(alloc.reclaim(r));
                    }
                }
            }
            for (int i = 0; i < live.size(); i++) {
                byte[] expected = fill(live.get(i).len(), contents.get(i));
                assertThat(alloc.stack().get(live.get(i).offset(), live.get(i).region().end())).as("seed %d: bytes of %s",
                        seed, live.get(i).region()).isEqualTo(expected);
            }
            List<Region> regions = live.stream().map(RegionHandle::region).toList();
            alloc.close();
            try (GhostTreeAllocator again = new GhostTreeAllocator(BStack.open(file, StackOptions.testing().withoutSync()))) {
                GhostTreeFactory.checkNoLeak(again.stack(), regions);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Checks a new region reads zero, then fills it with bytes derived from a random seed. */
    private static void add(GhostTreeAllocator alloc, RegionHandle h, List<RegionHandle> live, List<Long> contents,
            Random random) throws IOException {
        assertThat(alloc.stack().get(h.offset(), h.region().end())).as("new %s reads zero", h.region())
                .containsOnly(0);
        long content = random.nextLong();
        h.write(0, fill(h.len(), content));
        live.add(h);
        contents.add(content);
    }

    private static byte[] fill(long len, long seed) {
        byte[] b = new byte[(int) len];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aFreedAlignedBlockIsReusedInPlaceAndTailPaddingIsFree() throws IOException {
        try (GhostTreeAllocator alloc = new GhostTreeAllocator(BStack.open(dir.resolve("a.bstack"),
                StackOptions.testing().withoutSync()))) {
            RegionHandle small = alloc.alloc(100); // the tail is now off any boundary
            RegionHandle a = alloc.allocAligned(4096, 4096);
            RegionHandle b = alloc.allocAligned(4096, 4096);
            assertThat(a.offset()).isEqualTo(4096 - 16);
            assertThat(b.offset()).as("aligned blocks of a whole page tile the file").isEqualTo(a.offset() + 4096);
            List<GhostTreeFactory.FreeBlock> free = GhostTreeFactory.check(alloc.stack(), List.of(small.region(),
                    a.region(), b.region()));
            assertThat(free).as("the padding before the first aligned block").containsExactly(
                    new GhostTreeFactory.FreeBlock(48 + 128, 4096 - 16 - 48 - 128));
            long at = a.offset();
            alloc.dealloc(a);
            RegionHandle again = alloc.allocAligned(4096, 4096);
            assertThat(again.offset()).as("the freed aligned block is taken again (the padding is too small)").isEqualTo(at);
            assertThatThrownBy(() -> alloc.allocAligned(64, 96)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> alloc.allocAligned(64, 32)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> alloc.allocAligned(-1, 64)).isInstanceOf(BStackInvalidInputException.class);
            assertThat(alloc.allocAligned(0, 64).isEmpty()).isTrue();
        }
    }
}
