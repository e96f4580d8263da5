package io.bstack.stack;

import java.util.Objects;

/**
 * How a {@link BStack} is opened. Production code uses {@link #defaults()}: every barrier is
 * synced and no fault is injected ({@link #unsynced()} drops the barriers, for checksummed logs). The test hooks (no sync, fault injection, sync observer) are
 * only handed out by {@link #testing()}, which refuses unless the JVM was started with
 * {@code -Dbstack.test-hooks=true}; no configuration string can reach them.
 */
public final class StackOptions {
    /** The system property that unlocks the test hooks. */
    public static final String TEST_HOOKS_PROPERTY = "bstack.test-hooks";

    private static final StackOptions DEFAULTS = new StackOptions(false, true, FaultPolicy.none(), null);
    private static final StackOptions UNSYNCED = new StackOptions(false, false, FaultPolicy.none(), null);

    private final boolean testing;
    private final boolean sync;
    private final FaultPolicy faults;
    private final SyncObserver observer;

    private StackOptions(boolean testing, boolean sync, FaultPolicy faults, SyncObserver observer) {
        this.testing = testing;
        this.sync = sync;
        this.faults = faults;
        this.observer = observer;
    }

    /** Full durability, no hooks. */
    public static StackOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Production options without sync barriers: a killed process loses nothing (the writes are in the
     * operating system's cache), but an OS crash or power cut may lose or tear the latest writes. Only
     * for a file whose readers detect torn data themselves — the transaction layer's checksummed WAL in
     * its {@code OFF} durability mode.
     */
    public static StackOptions unsynced() {
        return UNSYNCED;
    }

    /** Options that may carry test hooks; only in a JVM started with the test-hooks property. */
    public static StackOptions testing() {
        if (!Boolean.getBoolean(TEST_HOOKS_PROPERTY)) {
            throw new IllegalStateException("BStack test hooks are disabled; start the JVM with -D"
                    + TEST_HOOKS_PROPERTY + "=true to use them (tests only)");
        }
        return new StackOptions(true, true, FaultPolicy.none(), null);
    }

    /** A copy that skips every sync (tests and benchmarks only: a power cut loses data). */
    public StackOptions withoutSync() {
        requireTesting();
        return new StackOptions(true, false, faults, observer);
    }

    /** A copy whose stack starts with this fault policy installed. */
    public StackOptions withFaultPolicy(FaultPolicy policy) {
        requireTesting();
        return new StackOptions(true, sync, Objects.requireNonNull(policy, "policy"), observer);
    }

    /** A copy that reports the file image after every sync barrier. */
    public StackOptions withSyncObserver(SyncObserver syncObserver) {
        requireTesting();
        return new StackOptions(true, sync, faults, Objects.requireNonNull(syncObserver, "syncObserver"));
    }

    boolean isTesting() {
        return testing;
    }

    boolean sync() {
        return sync;
    }

    FaultPolicy faults() {
        return faults;
    }

    SyncObserver observer() {
        return observer;
    }

    private void requireTesting() {
        if (!testing) {
            throw new IllegalStateException("test hooks are only available on StackOptions.testing()");
        }
    }
}
