package io.bstack.memory;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides whether this layer may make restricted FFM calls; guarantees no restricted method is
 * called unless the JVM granted native access to this package's module and the platform is a
 * Linux whose constants we verified, and that the choice of backing is logged once.
 */
final class NativeAccess {

    private static final System.Logger LOG = System.getLogger("io.bstack.memory");
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private NativeAccess() {
    }

    /** True when {@code --enable-native-access} covers this module. */
    static boolean granted() {
        return NativeAccess.class.getModule().isNativeAccessEnabled();
    }

    /** True on Linux with an architecture whose mmap constants are the asm-generic ones. */
    static boolean supportedPlatform() {
        return platformProblem() == null;
    }

    /** Throws unless restricted native calls are both allowed and meaningful here. */
    static void requireNative(String backing) {
        String problem = platformProblem();
        if (problem != null) {
            throw new NativeMemoryException(backing + " needs Linux on x86-64 or aarch64: " + problem
                    + "; use ArenaBacking (Backings.best() picks it automatically)");
        }
        if (!granted()) {
            Module module = NativeAccess.class.getModule();
            String name = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            throw new NativeMemoryException(backing + " makes restricted native calls but native access is not"
                    + " enabled for " + module + "; run with --enable-native-access=" + name
                    + ", or use ArenaBacking (Backings.best() picks it automatically)");
        }
    }

    /** Logs, once per JVM, which backing the layer runs on and why. */
    static void announce(String backing, String reason) {
        if (ANNOUNCED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "native memory layer uses {0} ({1})", backing, reason);
        }
    }

    private static String platformProblem() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return "os.name is " + System.getProperty("os.name");
        }
        if (!(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return "os.arch is " + arch;
        }
        return null;
    }
}
