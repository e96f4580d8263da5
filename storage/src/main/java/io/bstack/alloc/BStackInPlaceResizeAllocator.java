package io.bstack.alloc;

/**
 * Allocators that can grow or shrink a region at either edge without moving it. Success means
 * the new region is exactly {@code [start - prepend, end + append)}; a resize that would have
 * to move fails with {@link io.bstack.stack.BStackUnsupportedException} as its cause and the
 * handle back, untouched; so does any resize of an empty handle. A resize to length 0 frees the
 * region and returns the empty handle at offset 0, as the crate does.
 */
public interface BStackInPlaceResizeAllocator extends BStackAllocator {

    RegionHandle reallocInPlace(RegionHandle handle, long prepend, long append) throws BStackAllocException;
}
