package io.bstack.memory;

/**
 * Chooses the region backing for this JVM; guarantees a restricted native call is made only when
 * native access is granted on a supported Linux, and otherwise returns an {@link ArenaBacking}, and
 * logs once which backing is in use and why.
 */
public final class Backings {

    private Backings() {
    }

    /** The best region backing of at least {@code capacity} bytes for this JVM. */
    public static RegionBacking best(long capacity) {
        return best(capacity, NativeAccess.granted());
    }

    /** As {@link #best(long)}, with the native-access answer supplied (for tests). */
    static RegionBacking best(long capacity, boolean nativeAccessGranted) {
        if (!nativeAccessGranted) {
            NativeAccess.announce("ArenaBacking", "native access is not enabled for "
                    + Backings.class.getModule() + "; grant it with --enable-native-access to use mmap");
            return ArenaBacking.create(capacity);
        }
        if (!NativeAccess.supportedPlatform()) {
            NativeAccess.announce("ArenaBacking", "mmap backings need Linux on x86-64 or aarch64");
            return ArenaBacking.create(capacity);
        }
        NativeAccess.announce("MmapBacking", "native access is enabled");
        return MmapBacking.map(capacity, false);
    }
}
