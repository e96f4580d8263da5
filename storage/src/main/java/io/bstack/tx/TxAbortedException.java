package io.bstack.tx;

import io.bstack.stack.BStackException;

/**
 * A write transaction cannot commit because state it was built on was taken back: an earlier
 * commit it saw (committed but not yet durable when it began) failed its WAL push, or the store was
 * closed or broken meanwhile. The transaction is rolled back; its cause, when there is one, is the
 * failure that took its base back. Retry it in a new transaction. Immutable.
 */
public final class TxAbortedException extends BStackException {
    private static final long serialVersionUID = 1L;

    public TxAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
