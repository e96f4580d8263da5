/**
 * The native memory layer: off-heap blocks for the buffer pool and query scratch space, a Java
 * rendering of the Rust {@code forge-alloc} crate's backings.
 *
 * <h2>What it gives you</h2>
 * An {@link io.bstack.memory.Allocator} hands out {@link java.lang.foreign.MemorySegment} blocks
 * described by a {@link io.bstack.memory.Layout} (size &gt; 0, power-of-two alignment, overflow
 * checked). Backings, from the bottom: {@link io.bstack.memory.SystemBacking} (C heap,
 * posix_memalign/free), {@link io.bstack.memory.MmapBacking} (anonymous mmap, optional
 * MAP_POPULATE), {@link io.bstack.memory.HugePageBacking} (MAP_HUGETLB, no silent fallback),
 * {@link io.bstack.memory.LockedMmapBacking} (mlock, fails closed) and
 * {@link io.bstack.memory.ArenaBacking} (an {@code Arena} region; no restricted calls).
 * {@link io.bstack.memory.Backings#best} picks mmap when native access is granted and the arena
 * otherwise, and logs the choice once.
 *
 * <p>Over a backing: {@link io.bstack.memory.BumpArena} (marks, rewind, scopes),
 * {@link io.bstack.memory.StackAlloc} (LIFO, out-of-order frees refused),
 * {@link io.bstack.memory.Slab} and {@link io.bstack.memory.ExtendableSlab} (fixed slots),
 * {@link io.bstack.memory.SizeClassed} (O(1) classes 64 B – 8 KiB, larger to the backing); and the
 * wrappers {@link io.bstack.memory.Watermark} (rising-edge callbacks, exactly once per edge),
 * {@link io.bstack.memory.Canary} (guard words checked at free),
 * {@link io.bstack.memory.Statistics}, {@link io.bstack.memory.PoisonOnFree} and
 * {@link io.bstack.memory.WithFallback}. The primitives narrow blocks with the restricted
 * {@code MemorySegment.reinterpret} (one place, {@code BlockViews}); without native access the
 * JVM warns once but they work — only the backings themselves refuse.
 *
 * <h2>How it stays safe</h2>
 * What the crate calls undefined behaviour throws here, always (not only in debug builds):
 * <ul>
 *   <li><b>Wrong domain</b>: every block is a segment scoped to its allocator's current
 *       <em>epoch</em> arena; a block whose scope is not that arena is foreign.</li>
 *   <li><b>Wrong layout, double free</b>: live blocks and their layouts are kept on the Java heap,
 *       never in-band, so user bytes are never overwritten and a second free is recognised
 *       (region backings never reissue an address within an epoch).</li>
 *   <li><b>Use after reset or close</b>: reset closes the epoch arena, so touching an old block
 *       throws {@link java.lang.IllegalStateException} and freeing it throws
 *       {@link io.bstack.memory.AllocatorMisuseException} ({@code STALE_AFTER_RESET}).</li>
 *   <li><b>OS failures</b> carry the errno captured by the linker right after the call
 *       ({@code captureCallState("errno")}) and its text; constants are checked against this
 *       machine's C headers by a test that runs gcc.</li>
 *   <li><b>Native access</b>: restricted methods run only after
 *       {@code Module.isNativeAccessEnabled()} said yes; the mmap-family constructors refuse
 *       otherwise, naming the flag to add.</li>
 *   <li><b>Leaks</b>: {@link io.bstack.memory.NativeMemoryLedger} counts every native byte taken
 *       and returned; it is back to its earlier value once all backings are closed.</li>
 *   <li><b>The debug switch</b> {@code -Dbstack.memory.debug=true} ({@link io.bstack.memory.MemoryDebug})
 *       adds, on one flag, canaries and poisoning to every allocator built through
 *       {@code MemoryDebug.shared}/{@code confined} (the buffer pool's frames among them) and an
 *       owner-thread check to the confined ones ({@code WRONG_THREAD}); off, they cost nothing.</li>
 * </ul>
 *
 * <h2>What costs what</h2>
 * Region allocation is a bump of a cursor plus a hash-map insert, under the instance lock; free
 * is a map update and makes no room until {@code reset()}. Each block view costs a small segment
 * object. Reset and close of a backing close a shared arena, which runs a thread handshake: do it
 * per query or per epoch, not per block. {@code SystemBacking} costs one malloc/free downcall per
 * block. Mapping costs a syscall and, with populate or lock, faulting in every page up front.
 * Locked regions are refused above the soft RLIMIT_MEMLOCK even for privileged processes.
 */
package io.bstack.memory;
