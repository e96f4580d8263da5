package io.bstack.sql.exec;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A stable sort of rows that keeps at most {@link SpillLimit} estimated bytes in memory: rows are
 * gathered until the limit, then the batch is sorted and written as a run to a {@link SpillFile};
 * at the end the runs are merged (at most {@value #FAN_IN} at a time, in passes) with the same
 * order, ties going to the earlier run, so the result is exactly the in-memory sort's. Without an
 * order the rows keep their input order. Use: {@link #add} every row, {@link #finish}, then
 * {@link #next} until null; run files are deleted at the end of the rows, by {@link #close}, and
 * when any step fails (including a cancelled statement, checked per row read or written).
 *
 * <p>Not thread-safe. Errors: the order's, {@code HY000} for spill file I/O, the statement's
 * cancellation or timeout.
 */
final class ExternalSort implements AutoCloseable {
    /** How many runs one merge reads at once. */
    static final int FAN_IN = 64;

    /** The statement's check for cancellation and timeout. */
    @FunctionalInterface
    interface Checkpoint {
        void check() throws SQLException;
    }

    private final RowOrder order;
    private final long limit;
    private final Checkpoint checkpoint;
    private List<Object[]> batch = new ArrayList<>();
    private long batchBytes;
    private final List<SpillFile> runs = new ArrayList<>();
    private int next;
    private Merge merge;
    private boolean finished;
    private boolean closed;

    /** A sort by {@code order} (null: input order) keeping {@code limit} estimated bytes in memory. */
    ExternalSort(RowOrder order, long limit, Checkpoint checkpoint) {
        this.order = order;
        this.limit = limit;
        this.checkpoint = checkpoint;
    }

    /** Whether rows were written to disk. */
    boolean spilled() {
        return !runs.isEmpty();
    }

    /** How many run files exist now. */
    int runCount() {
        return runs.size();
    }

    /** Adds a row (not copied: the caller leaves it alone). */
    void add(Object[] row) throws SQLException {
        if (finished) {
            throw new IllegalStateException("rows added after the sort finished");
        }
        try {
            batch.add(row);
            batchBytes += SpillLimit.estimate(row);
            if (batchBytes > limit) {
                writeRun();
            }
        } catch (SQLException | RuntimeException | Error e) {
            closeQuietly(e);
            throw e;
        }
    }

    /** Ends the input: sorts what is in memory, and prepares the merge of the runs. */
    void finish() throws SQLException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (runs.isEmpty()) {
                sortBatch();
                return;
            }
            if (!batch.isEmpty()) {
                writeRun();
            }
            batch = null;
            while (runs.size() > FAN_IN) {
                List<SpillFile> first = new ArrayList<>(runs.subList(0, FAN_IN));
                SpillFile merged = SpillFile.create();
                runs.add(FAN_IN, merged); // deleted with the others if the merge fails
                Merge m = new Merge(first);
                for (Object[] r = m.next(); r != null; r = m.next()) {
                    checkpoint.check();
                    merged.write(r);
                }
                merged.finishWriting();
                runs.removeAll(first); // the merged run is now first, where its rows came from
                for (SpillFile f : first) {
                    f.close();
                }
            }
            merge = new Merge(runs);
        } catch (SQLException | RuntimeException | Error e) {
            closeQuietly(e);
            throw e;
        }
    }

    /** The next row in order, or null after the last (the run files are then deleted). */
    Object[] next() throws SQLException {
        if (!finished) {
            throw new IllegalStateException("rows read before the sort finished");
        }
        if (closed) {
            return null;
        }
        try {
            if (merge == null) {
                if (next < batch.size()) {
                    Object[] r = batch.get(next);
                    batch.set(next++, null);
                    return r;
                }
                close();
                return null;
            }
            checkpoint.check();
            Object[] r = merge.next();
            if (r == null) {
                close();
            }
            return r;
        } catch (SQLException | RuntimeException | Error e) {
            closeQuietly(e);
            throw e;
        }
    }

    private void writeRun() throws SQLException {
        sortBatch();
        SpillFile run = SpillFile.create();
        runs.add(run);
        for (Object[] r : batch) {
            checkpoint.check();
            run.write(r);
        }
        run.finishWriting();
        batch = new ArrayList<>();
        batchBytes = 0;
    }

    private void sortBatch() throws SQLException {
        if (order == null || batch.size() < 2) {
            return;
        }
        try {
            batch.sort((a, b) -> compare(a, b));
        } catch (Failure f) {
            throw f.cause;
        }
    }

    private int compare(Object[] a, Object[] b) {
        try {
            return order.compare(a, b);
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    /** Carries an order's SQLException through {@link java.util.Comparator}s. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SQLException cause;

        Failure(SQLException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    /** A k-way merge of runs; ties go to the earlier run, so it is stable. */
    private final class Merge {
        private record Head(Object[] row, int run) {}

        private final List<SpillFile> from;
        private final PriorityQueue<Head> heads;

        Merge(List<SpillFile> from) throws SQLException {
            this.from = from;
            heads = new PriorityQueue<>(Math.max(1, from.size()), (x, y) -> {
                int c = order == null ? 0 : compare(x.row(), y.row());
                return c != 0 ? c : Integer.compare(x.run(), y.run());
            });
            for (int i = 0; i < from.size(); i++) {
                advance(i);
            }
        }

        private void advance(int run) throws SQLException {
            Object[] r = from.get(run).read();
            if (r != null) {
                try {
                    heads.add(new Head(r, run));
                } catch (Failure f) {
                    throw f.cause;
                }
            }
        }

        Object[] next() throws SQLException {
            Head h;
            try {
                h = heads.poll();
            } catch (Failure f) {
                throw f.cause;
            }
            if (h == null) {
                return null;
            }
            advance(h.run());
            return h.row();
        }
    }

    private void closeQuietly(Throwable cause) {
        try {
            close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Deletes every run file; again: nothing. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        batch = null;
        merge = null;
        SQLException failure = null;
        for (SpillFile f : runs) {
            try {
                f.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        runs.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
