package io.bstack.stack;

/**
 * An argument was refused before any byte was touched: an offset or length outside the payload,
 * a range with {@code start > end}, a write into the locked prefix, overlapping batch entries,
 * or a value a Java {@code long} cannot carry. The crate reports these as {@code InvalidInput}.
 */
public class BStackInvalidInputException extends BStackException {
    private static final long serialVersionUID = 1L;

    public BStackInvalidInputException(String message) {
        super(message);
    }
}
