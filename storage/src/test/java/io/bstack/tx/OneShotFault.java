package io.bstack.tx;

import io.bstack.stack.FaultPolicy;
import io.bstack.stack.FileOp;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault policy that, once armed, lets {@code k} file calls pass and fails the next
 * {@code count}; then passes again. Thread-safe.
 */
final class OneShotFault implements FaultPolicy {
    private final AtomicLong skip = new AtomicLong(-1);
    private final AtomicLong failures = new AtomicLong();

    /** Fails exactly the k-th file call from now (0 = the next). */
    void arm(long k) {
        arm(k, 1);
    }

    /** Fails {@code count} consecutive calls after {@code k} passing ones. */
    void arm(long k, long count) {
        failures.set(count);
        skip.set(k);
    }

    boolean fired() {
        return skip.get() < 0 && failures.get() == 0;
    }

    @Override
    public synchronized boolean shouldFail(FileOp op, long seq) {
        if (skip.get() < 0) {
            return false;
        }
        if (skip.get() > 0) {
            skip.decrementAndGet();
            return false;
        }
        if (failures.decrementAndGet() <= 0) {
            skip.set(-1);
            failures.set(0);
        }
        return true;
    }
}
