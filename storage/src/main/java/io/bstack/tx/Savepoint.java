package io.bstack.tx;

/**
 * A nested rollback point of one {@link WriteTx}. Valid until its transaction ends, it is
 * released, or a rollback to an older savepoint discards it; {@link WriteTx#rollbackTo} keeps it
 * valid (it can be rolled back to again). Immutable; use it only with the transaction that made it.
 */
public final class Savepoint {
    final WriteTx tx;
    final int depth;
    private final int number;

    Savepoint(WriteTx tx, int depth, int number) {
        this.tx = tx;
        this.depth = depth;
        this.number = number;
    }

    @Override
    public String toString() {
        return "Savepoint[" + number + " at depth " + depth + "]";
    }
}
