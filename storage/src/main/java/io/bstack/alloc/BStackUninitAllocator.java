package io.bstack.alloc;

import java.io.IOException;

/**
 * Allocators with a cheaper path for callers that overwrite a region at once: the new or grown
 * bytes are unspecified (but always readable) instead of zero. Crash consistency, recovery and
 * the failure contract are those of {@link #alloc} and {@link #realloc}.
 */
public interface BStackUninitAllocator extends BStackAllocator {

    RegionHandle allocUninit(long len) throws IOException;

    RegionHandle reallocUninit(RegionHandle handle, long newLen) throws BStackAllocException;
}
