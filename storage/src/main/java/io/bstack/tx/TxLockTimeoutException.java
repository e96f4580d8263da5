package io.bstack.tx;

import io.bstack.stack.BStackException;

/**
 * {@link TxStore#beginWrite} waited its whole timeout for the store's single write lock; the
 * message says how long it waited and which thread holds the lock since when. Nothing changed.
 * Maps to SQLState {@code 40001}/{@code HYT00} in the JDBC layer. Immutable.
 */
public final class TxLockTimeoutException extends BStackException {
    private static final long serialVersionUID = 1L;

    public TxLockTimeoutException(String message) {
        super(message);
    }
}
