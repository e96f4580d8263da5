package io.bstack.stack;

/**
 * The request is well formed but this stack cannot carry it out: a file in an older format that
 * must be migrated first, or an operation an allocator does not offer. The crate reports these as
 * {@code Unsupported}.
 */
public class BStackUnsupportedException extends BStackException {
    private static final long serialVersionUID = 1L;

    public BStackUnsupportedException(String message) {
        super(message);
    }
}
