package io.bstack.tx;

import io.bstack.stack.BStackException;

/**
 * A mutation was called on a {@link ReadTx}, which is a read-only snapshot. Nothing changed.
 * Immutable.
 */
public final class TxReadOnlyException extends BStackException {
    private static final long serialVersionUID = 1L;

    public TxReadOnlyException(String message) {
        super(message);
    }
}
