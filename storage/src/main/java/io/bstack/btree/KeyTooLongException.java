package io.bstack.btree;

import io.bstack.stack.BStackException;

/** A key is longer than a tree page can hold (about a quarter of a page); nothing was changed. */
public final class KeyTooLongException extends BStackException {
    private static final long serialVersionUID = 1L;

    public KeyTooLongException(String message) {
        super(message);
    }
}
