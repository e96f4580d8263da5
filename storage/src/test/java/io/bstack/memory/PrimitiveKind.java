package io.bstack.memory;

import java.util.ArrayList;
import java.util.List;

/** The layout primitives and wrapper stacks under test, each over a fresh backing. */
enum PrimitiveKind {
    BUMP(4096, 4096, false, true),
    STACK(4096, 4096, true, true),
    SLAB(4096, 4096, false, true),
    SIZE_CLASSED(16384, 4096, false, false),
    EXTENDABLE(256, 256, false, true),
    CANARY_SIZE_CLASSED(16384, 4096, false, false),
    STATS_POISON_SLAB(4096, 4096, false, true),
    WATERMARK_EXTENDABLE(256, 256, false, true),
    FALLBACK_SLAB_BUMP(4096, 4096, false, true);

    static final long BACKING_CAPACITY = 8L << 20;

    /** Largest request size (grows are clamped to it). */
    final int maxSize;
    /** Largest alignment as a shift. */
    final int maxAlignShift;
    /** Frees and grows must be of the most recent live block. */
    final boolean lifo;
    /** Every block becomes inaccessible at reset (false where overflow blocks sit in the backing). */
    final boolean staleAccessThrows;

    PrimitiveKind(int maxSize, int maxAlign, boolean lifo, boolean staleAccessThrows) {
        this.maxSize = maxSize;
        this.maxAlignShift = Long.numberOfTrailingZeros(maxAlign);
        this.lifo = lifo;
        this.staleAccessThrows = staleAccessThrows;
    }

    /** An open allocator and everything to close, innermost last. */
    record Opened(Allocator allocator, List<AutoCloseable> closeables) {
        void close() throws Exception {
            for (AutoCloseable c : closeables) {
                c.close();
            }
        }
    }

    Opened open(boolean mmap) {
        RegionBacking backing = mmap ? MmapBacking.map(BACKING_CAPACITY, false) : ArenaBacking.create(BACKING_CAPACITY);
        List<AutoCloseable> closeables = new ArrayList<>();
        Allocator a = switch (this) {
            case BUMP -> keep(closeables, BumpArena.create(backing, 2L << 20));
            case STACK -> keep(closeables, StackAlloc.create(backing, 2L << 20));
            case SLAB -> keep(closeables, Slab.create(backing, 4096, 128));
            case SIZE_CLASSED -> keep(closeables, SizeClassed.create(backing, 4));
            case EXTENDABLE -> keep(closeables, ExtendableSlab.create(backing, 256, 4));
            case CANARY_SIZE_CLASSED -> Canary.wrap(keep(closeables, SizeClassed.create(backing, 4)));
            case STATS_POISON_SLAB -> Statistics.wrap(PoisonOnFree.wrap(keep(closeables, Slab.create(backing, 4096, 128))));
            case WATERMARK_EXTENDABLE -> Watermark.wrap(keep(closeables, ExtendableSlab.create(backing, 256, 4)),
                    new WatermarkHandler() { });
            case FALLBACK_SLAB_BUMP -> WithFallback.of(keep(closeables, Slab.create(backing, 4096, 4)),
                    keep(closeables, BumpArena.create(backing, 4L << 20)));
        };
        closeables.add(backing);
        return new Opened(a, closeables);
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> closeables, T c) {
        closeables.add(c);
        return c;
    }
}
