package io.bstack.memory;

/**
 * Runs in a child JVM started WITHOUT {@code --enable-native-access}: prints what the layer does
 * there, one fact per line, for {@link NativeAccessFallbackTest}.
 */
public final class NoNativeAccessChild {
    private NoNativeAccessChild() {}

    public static void main(String[] args) {
        System.out.println("granted=" + NativeAccess.granted());
        try (RegionBacking best = Backings.best(1 << 16)) {
            System.out.println("best=" + best.getClass().getSimpleName());
            best.allocateZeroed(Layout.of(4096, 64)).fill((byte) 1);
        }
        try {
            MmapBacking.map(4096, false).close();
            System.out.println("mmap=opened");
        } catch (NativeMemoryException e) {
            System.out.println("mmap=refused " + e.getMessage().replace('\n', ' '));
        }
        System.out.println("live=" + NativeMemoryLedger.liveBytes());
    }
}
