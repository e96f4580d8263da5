package io.bstack.btree;

import io.bstack.stack.BStackException;

/** A row would repeat a primary key or a unique index's key; nothing was changed. */
public final class UniqueViolationException extends BStackException {
    private static final long serialVersionUID = 1L;

    private final String constraint;

    public UniqueViolationException(String constraint, String message) {
        super(message);
        this.constraint = constraint;
    }

    /** The primary key or index whose uniqueness the row would break. */
    public String constraint() {
        return constraint;
    }
}
