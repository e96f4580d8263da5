package io.bstack.alloc;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single owner of one allocation (the crate's {@code BStackOwnedSlice}). It knows the
 * allocator that issued it; {@code realloc} and {@code dealloc} consume it, after which any use
 * throws {@link IllegalStateException}, as does any use after its allocator was closed. Its I/O
 * goes through {@link #slice()}. Equality is identity: two handles are never the same owner.
 */
public final class RegionHandle {
    private final AllocatorBase owner;
    private final Region region;
    private final AtomicBoolean consumed = new AtomicBoolean();

    RegionHandle(AllocatorBase owner, Region region) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.region = Objects.requireNonNull(region, "region");
    }

    public Region region() {
        return region;
    }

    public long offset() {
        return region.offset();
    }

    public long len() {
        return region.len();
    }

    public long end() {
        return region.end();
    }

    public boolean isEmpty() {
        return region.isEmpty();
    }

    /** The allocator that issued this handle. */
    public BStackAllocator allocator() {
        return owner;
    }

    /** Whether {@code allocator} issued this handle. */
    public boolean isFrom(BStackAllocator allocator) {
        return owner == allocator;
    }

    /** Not consumed, and its allocator still open. */
    public boolean isLive() {
        return !consumed.get() && owner.isOpen();
    }

    /** A read/write view of the whole region; valid while this handle is live. */
    public RegionSlice slice() {
        checkLive();
        return new RegionSlice(owner.stack(), region, this);
    }

    /** The whole region's bytes. */
    public byte[] read() throws IOException {
        return slice().read();
    }

    /** Writes {@code data} at {@code at} (relative to the region's start), all or nothing. */
    public void write(long at, byte[] data) throws IOException {
        slice().write(at, data);
    }

    void checkLive() {
        if (consumed.get()) {
            throw new IllegalStateException("region " + region + " was already freed or reallocated through this handle");
        }
        if (!owner.isOpen()) {
            throw new IllegalStateException("the allocator of region " + region + " is closed");
        }
    }

    /** Marks this handle used up; false if it already was. */
    boolean consume() {
        return consumed.compareAndSet(false, true);
    }

    /** Makes a handle refused earlier live again (it goes back to the caller). */
    void restore() {
        consumed.set(false);
    }

    @Override
    public String toString() {
        return "RegionHandle" + region + (consumed.get() ? " (consumed)" : "");
    }
}
