package io.bstack.stack;

import java.io.IOException;

/**
 * Base of every error the BStack layer raises on its own account. I/O failures of the
 * operating system pass through as plain {@link IOException}s; these subclasses say what the
 * stack itself refused or found.
 */
public class BStackException extends IOException {
    private static final long serialVersionUID = 1L;

    public BStackException(String message) {
        super(message);
    }

    public BStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
