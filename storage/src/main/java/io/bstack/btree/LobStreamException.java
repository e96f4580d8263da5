package io.bstack.btree;

import java.io.IOException;

/**
 * The stream a {@link Lob} value is read from failed or ended before the value's length: the value
 * was given wrongly (e.g. a bound stream shorter than promised), the stored data is not damaged.
 */
public final class LobStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    public LobStreamException(String message) {
        super(message);
    }

    public LobStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
