package io.bstack.btree;

import io.bstack.stack.BStackCorruptException;

/** A tree page or link that cannot be what the tree wrote: the message names the page and what is wrong. */
public class TreeCorruptException extends BStackCorruptException {
    private static final long serialVersionUID = 1L;

    public TreeCorruptException(String message) {
        super(message);
    }
}
