package io.bstack.stack;

/**
 * The argument checks every {@link ByteStack} makes, in one place so that the file and a
 * transaction's view refuse the same calls with the same {@link BStackInvalidInputException}s.
 * Stateless.
 */
public final class StackArguments {

    /** The longest byte array a call may ask for. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private StackArguments() {
    }

    /** {@code [start, end)} must lie within {@code [0, len)}. */
    public static void checkRange(long start, long end, long len) throws BStackInvalidInputException {
        if (start > end || end > len) {
            throw new BStackInvalidInputException("range [" + start + ", " + end + ") is outside the payload [0, " + len + ")");
        }
    }

    /** {@code v}, named {@code name} in the message, must not be negative. */
    public static void checkLength(long v, String name) throws BStackInvalidInputException {
        if (v < 0) {
            throw new BStackInvalidInputException(name + " must be in [0, 2^63-1]: " + v);
        }
    }

    /** {@code start + n}, refusing an overflow. */
    public static long checkedEnd(long start, long n) throws BStackInvalidInputException {
        if (n > Long.MAX_VALUE - start) {
            throw new BStackInvalidInputException("range from " + start + " of " + n + " bytes overflows 2^63-1");
        }
        return start + n;
    }

    /** {@code n} bytes must fit one Java array. */
    public static void checkArrayLength(long n) throws BStackInvalidInputException {
        if (n < 0 || n > MAX_ARRAY) {
            throw new BStackInvalidInputException(n + " bytes do not fit one Java array; use a range read");
        }
    }

    /** The bytes {@code count} copies of {@code pattern} take, refusing an empty pattern and an overflow. */
    public static long repeatTotal(byte[] pattern, long count) throws BStackInvalidInputException {
        checkLength(count, "count");
        if (pattern.length == 0 && count > 0) {
            throw new BStackInvalidInputException("empty pattern");
        }
        try {
            return Math.multiplyExact(pattern.length, count);
        } catch (ArithmeticException e) {
            throw new BStackInvalidInputException("pattern length times count overflows");
        }
    }
}
