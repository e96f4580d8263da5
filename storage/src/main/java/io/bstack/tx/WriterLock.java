package io.bstack.tx;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The store's single write permit. Not tied to a thread: a transaction begun on one thread may be
 * committed on another. Records who holds it, for the timeout message.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class WriterLock {
    private final Semaphore permit = new Semaphore(1, true);
    private volatile String holder = "nobody";
    private volatile long sinceNanos;

    void acquire(Duration timeout, String store) throws TxLockTimeoutException, java.io.InterruptedIOException {
        long start = System.nanoTime();
        boolean got;
        try {
            got = permit.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for the write lock of " + store);
        }
        if (!got) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            long held = (System.nanoTime() - sinceNanos) / 1_000_000;
            throw new TxLockTimeoutException("waited " + waited + " ms (timeout " + timeout.toMillis()
                    + " ms) for the write lock of " + store + "; held by " + holder + " for " + held + " ms");
        }
        holder = "thread '" + Thread.currentThread().getName() + "'";
        sinceNanos = System.nanoTime();
    }

    void release() {
        holder = "nobody";
        permit.release();
    }
}
