package io.bstack.stack;

/**
 * Test hook: decides whether the next file call fails. Consulted once per file call (read, write,
 * length change, sync) with a sequence number that counts calls since the policy was installed.
 * Only reachable through {@link StackOptions#testing()}.
 */
@FunctionalInterface
public interface FaultPolicy {

    /** Whether file call number {@code seq} (from 0) of kind {@code op} fails. */
    boolean shouldFail(FileOp op, long seq);

    /** Never fails. */
    static FaultPolicy none() {
        return (op, seq) -> false;
    }

    /** Fails exactly the {@code k}-th file call (counting from 0), and no other. */
    static FaultPolicy failAt(long k) {
        return (op, seq) -> seq == k;
    }

    /**
     * Fails each call with probability {@code perMille}/1000, deterministically from the seed
     * (splitmix64 of seed + call number), so a failing run replays exactly.
     */
    static FaultPolicy random(long seed, int perMille) {
        if (perMille < 0 || perMille > 1000) {
            throw new IllegalArgumentException("perMille must be in [0, 1000]: " + perMille);
        }
        return (op, seq) -> Long.remainderUnsigned(splitmix64(seed + seq), 1000) < perMille;
    }

    /** The splitmix64 finaliser the crate's fuzz suite uses. */
    static long splitmix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
