package io.bstack.memory;

/**
 * The memory layer's one debug switch: the system property {@value #PROPERTY}{@code =true}, read
 * once when this class loads. With it on, the allocators built through {@link #shared} and
 * {@link #confined} are wrapped in a {@link Canary} (guard words checked at free), a
 * {@link PoisonOnFree} (freed bytes overwritten with {@link PoisonOnFree#DEFAULT_PATTERN}) and, for
 * confined ones, an owner-thread check (a call from another thread throws
 * {@link AllocatorMisuseException} with {@link AllocatorMisuseException.Misuse#WRONG_THREAD}). With
 * it off, they return the allocator unchanged, so production pays nothing. Range, stride and
 * slot-state checks are always on regardless.
 *
 * <p>Thread-safe: stateless.
 */
public final class MemoryDebug {

    /** The system property that turns the debug checks on. */
    public static final String PROPERTY = "bstack.memory.debug";

    private static final boolean ON = Boolean.getBoolean(PROPERTY);

    private MemoryDebug() {
    }

    /** Whether {@value #PROPERTY} was {@code true} when the layer loaded. */
    public static boolean enabled() {
        return ON;
    }

    /** {@code inner} with canaries and poisoning when the switch is on; {@code inner} itself when off. */
    public static Allocator shared(Allocator inner) {
        return checked(inner, ON, null);
    }

    /**
     * {@code inner} with canaries, poisoning and an owner-thread check (the calling thread owns it)
     * when the switch is on; {@code inner} itself when off. For allocators that are not thread-safe.
     */
    public static Allocator confined(Allocator inner) {
        return checked(inner, ON, Thread.currentThread());
    }

    /** The wrapping itself, with the switch given (tests use it both ways in one JVM). */
    static Allocator checked(Allocator inner, boolean on, Thread owner) {
        if (!on) {
            return inner;
        }
        Allocator checked = Canary.wrap(PoisonOnFree.wrap(inner));
        // outermost, so a wrong-thread call is refused before any wrapper's bookkeeping changes
        return owner == null ? checked : new OwnerThreadCheck(checked, owner);
    }
}
