package io.bstack.memory;

/** The backings under test, each opened small enough to stay under RLIMIT_MEMLOCK. */
enum BackingKind {
    MMAP, MMAP_POPULATE, LOCKED_MMAP, ARENA, SYSTEM;

    static final long CAPACITY = 1 << 20;

    static final String NEEDS_FLAG = "native backings need the JVM flag --enable-native-access=ALL-UNNAMED"
            + " in the surefire argLine; only ArenaBacking is tested without it";

    /** Whether this kind can run in this JVM (all but ARENA need native access). */
    boolean available() {
        return this == ARENA || NativeAccess.granted();
    }

    /** Skips the calling test, with the reason, when this kind cannot run here. */
    void assumeAvailable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(available(), NEEDS_FLAG);
    }

    /** The kinds that can run in this JVM. */
    static java.util.List<BackingKind> availableKinds() {
        return java.util.Arrays.stream(values()).filter(BackingKind::available).toList();
    }

    Allocator open() {
        return switch (this) {
            case MMAP -> MmapBacking.map(CAPACITY, false);
            case MMAP_POPULATE -> MmapBacking.map(CAPACITY, true);
            case LOCKED_MMAP -> LockedMmapBacking.map(CAPACITY);
            case ARENA -> ArenaBacking.create(CAPACITY);
            case SYSTEM -> SystemBacking.create();
        };
    }

    static void close(Allocator allocator) throws Exception {
        ((AutoCloseable) allocator).close();
    }
}
