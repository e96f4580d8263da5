package io.bstack.stack;

/** The kinds of file call a {@link FaultPolicy} can fail. */
public enum FileOp {
    READ,
    WRITE,
    SET_LENGTH,
    SYNC
}
