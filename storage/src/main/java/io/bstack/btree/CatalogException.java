package io.bstack.btree;

import io.bstack.stack.BStackException;

/** A catalog change that cannot be made: an object that exists already, is missing, or is still in use. */
public final class CatalogException extends BStackException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }
}
