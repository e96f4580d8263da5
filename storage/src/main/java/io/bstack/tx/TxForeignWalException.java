package io.bstack.tx;

import io.bstack.stack.BStackException;

/**
 * The WAL file next to a main file carries another database id than the main file's superblock:
 * it belongs to another database, so it is never replayed. The message names both files and both
 * ids. Nothing was changed on disk. Immutable.
 */
public final class TxForeignWalException extends BStackException {
    private static final long serialVersionUID = 1L;

    public TxForeignWalException(String message) {
        super(message);
    }
}
