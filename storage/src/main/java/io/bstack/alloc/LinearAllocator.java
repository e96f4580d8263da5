package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.BStackUnsupportedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bump allocator: every allocation extends the stack; only the last region can be resized or
 * truly freed (the crate's {@code LinearBStackAllocator}). No metadata, no magic, no recovery:
 * the stack's payload is the arena from offset 0.
 *
 * <table>
 * <caption>Operations and their crash-consistency class</caption>
 * <tr><th>operation</th><th>BStack calls</th><th>class</th></tr>
 * <tr><td>alloc</td><td>{@code extend}</td><td>single-call</td></tr>
 * <tr><td>allocBulk</td><td>one {@code extend} for the sum (empty entries alias the next offset)</td><td>single-call</td></tr>
 * <tr><td>realloc of the tail region</td><td>{@code extend} or {@code discard}</td><td>single-call</td></tr>
 * <tr><td>realloc of any other region</td><td>none: refused (would have to move, and the old bytes would leak)</td><td>—</td></tr>
 * <tr><td>dealloc of the tail region</td><td>{@code discard}</td><td>single-call</td></tr>
 * <tr><td>dealloc of any other region</td><td>none: its bytes leak for good</td><td>—</td></tr>
 * <tr><td>deallocBulk</td><td>one {@code discard} of the longest tail run the handles cover</td><td>single-call</td></tr>
 * <tr><td>reallocInPlace</td><td>tail append or trim: {@code extend} / {@code discard}; any prepend is refused</td><td>single-call</td></tr>
 * </table>
 *
 * <p>Recovery: none needed; every operation is one stack call. Holes the crate leaves: freed
 * non-tail regions are never reused, and {@link #reclaim} cannot tell a real allocation from a
 * forged range. Thread safety: all operations contend on one lock (they all touch the tail).
 */
public final class LinearAllocator extends AllocatorBase implements BStackBulkAllocator, BStackInPlaceResizeAllocator {

    public LinearAllocator(ByteStack stack) {
        super(stack);
    }

    @Override
    public RegionHandle alloc(long len) throws IOException {
        checkLength(len);
        lock.lock();
        try {
            return issue(stack.extend(len), len);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<RegionHandle> allocBulk(long[] lengths) throws IOException {
        long total = 0;
        for (long len : lengths) {
            checkLength(len);
            if (len > Long.MAX_VALUE - total) {
                throw new BStackInvalidInputException("bulk lengths overflow 2^63");
            }
            total += len;
        }
        lock.lock();
        try {
            long at = stack.extend(total);
            List<RegionHandle> out = new ArrayList<>(lengths.length);
            for (long len : lengths) {
                out.add(issue(at, len));
                at += len;
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public RegionHandle realloc(RegionHandle handle, long newLen) throws BStackAllocException {
        take(handle);
        if (newLen < 0) {
            throw untouched(handle, "realloc", new BStackInvalidInputException("negative length " + newLen));
        }
        lock.lock();
        try {
            if (newLen == handle.len()) {
                return issue(handle.offset(), newLen);
            }
            if (handle.end() != stack.len()) {
                throw untouched(handle, "realloc", new BStackUnsupportedException(
                        "a linear allocator resizes only the last region; " + handle.region() + " is not at the tail"));
            }
            return resizeTail(handle, handle.offset(), newLen, "realloc");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public RegionHandle reallocInPlace(RegionHandle handle, long prepend, long append) throws BStackAllocException {
        take(handle);
        if (handle.isEmpty() || prepend != 0) {
            throw untouched(handle, "in-place resize", new BStackUnsupportedException(
                    "a linear allocator can only append to or trim the end of a non-empty tail region"));
        }
        if (append < -handle.len()) {
            throw untouched(handle, "in-place resize", new BStackInvalidInputException(
                    "trimming " + -append + " bytes from a " + handle.len() + "-byte region"));
        }
        lock.lock();
        try {
            if (append != 0 && handle.end() != stack.len()) {
                throw untouched(handle, "in-place resize", new BStackUnsupportedException(handle.region() + " is not at the tail"));
            }
            return append == 0 ? issue(handle.offset(), handle.len())
                    : resizeTail(handle, handle.offset(), handle.len() + append, "in-place resize");
        } finally {
            lock.unlock();
        }
    }

    private RegionHandle resizeTail(RegionHandle handle, long offset, long newLen, String what) throws BStackAllocException {
        try {
            if (newLen > handle.len()) {
                stack.extend(newLen - handle.len());
            } else {
                stack.discard(handle.len() - newLen);
            }
            return issue(offset, newLen);
        } catch (IOException e) {
            // the stack call is all or nothing: its length tells which, unless the stack lost track
            if (stack.needsReopen()) {
                throw lost(handle.region(), what, e);
            }
            if (stack.len() == offset + newLen) {
                throw moved(handle.region(), new Region(offset, newLen), what, e);
            }
            throw untouched(handle, what, e);
        }
    }

    @Override
    public void dealloc(RegionHandle handle) throws BStackAllocException {
        take(handle);
        lock.lock();
        try {
            if (!handle.isEmpty() && handle.end() == stack.len()) {
                stack.discard(handle.len());
            }
        } catch (IOException e) {
            if (stack.needsReopen() || stack.len() == handle.offset()) {
                throw lost(handle.region(), "dealloc (the region was freed)", e);
            }
            throw untouched(handle, "dealloc", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deallocBulk(List<RegionHandle> handles) throws BStackBulkAllocException {
        List<RegionHandle> taken = new ArrayList<>(handles.size());
        try {
            for (RegionHandle h : handles) {
                take(h);
                taken.add(h);
            }
        } catch (BStackAllocException | IllegalStateException e) {
            taken.forEach(RegionHandle::restore); // also when the same handle is listed twice
            throw new BStackBulkAllocException("deallocBulk refused: " + e.getMessage(), e, handles);
        }
        lock.lock();
        try {
            long start = tailRunStart(taken, stack.len());
            if (start < stack.len()) {
                stack.discard(stack.len() - start);
            }
        } catch (IOException e) {
            taken.forEach(RegionHandle::restore);
            throw new BStackBulkAllocException("deallocBulk failed; nothing was freed", e, handles);
        } finally {
            lock.unlock();
        }
    }

    /** The lowest offset from which the handles cover {@code [offset, end)} without a gap. */
    static long tailRunStart(List<RegionHandle> handles, long end) {
        List<Region> regions = new ArrayList<>();
        for (RegionHandle h : handles) {
            if (!h.isEmpty()) {
                regions.add(h.region());
            }
        }
        regions.sort(Comparator.comparingLong(Region::end).reversed());
        long start = end;
        for (Region r : regions) {
            if (r.end() >= start && r.offset() < start) {
                start = r.offset();
            }
        }
        return start;
    }

    @Override
    public RegionHandle reclaim(Region region) throws IOException {
        if (region.end() > stack.len()) {
            throw new BStackInvalidInputException(region + " lies beyond the stack's " + stack.len() + " bytes");
        }
        return issue(region.offset(), region.len());
    }
}
