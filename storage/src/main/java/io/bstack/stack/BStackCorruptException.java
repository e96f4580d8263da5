package io.bstack.stack;

/**
 * The file is not a BStack, or its header or journal describes a state no crash can produce.
 * The file is left exactly as found: nothing is "repaired" into data loss. The crate reports
 * these as {@code InvalidData}.
 */
public class BStackCorruptException extends BStackException {
    private static final long serialVersionUID = 1L;

    public BStackCorruptException(String message) {
        super(message);
    }
}
