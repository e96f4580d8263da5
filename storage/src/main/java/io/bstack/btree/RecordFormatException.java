package io.bstack.btree;

import io.bstack.stack.BStackCorruptException;

/**
 * A key or row encoding that no encoder in this package can have produced: truncated, with a
 * marker, escape, length or tag outside its domain, with invalid UTF-8, or decoding to a value
 * outside its SQL type's range. Raised by {@link KeyDecoder} and {@link RowView} instead of any
 * unchecked index or number-format error, so a damaged page is reported, never crashed on.
 */
public class RecordFormatException extends BStackCorruptException {
    private static final long serialVersionUID = 1L;

    public RecordFormatException(String message) {
        super(message);
    }
}
