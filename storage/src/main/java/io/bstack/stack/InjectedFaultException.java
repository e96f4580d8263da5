package io.bstack.stack;

import java.io.IOException;

/** The I/O failure a test's {@link FaultPolicy} asked for; it stands for any failed file call. */
public final class InjectedFaultException extends IOException {
    private static final long serialVersionUID = 1L;

    InjectedFaultException(FileOp op, long seq) {
        super("injected fault: " + op + " call #" + seq);
    }
}
