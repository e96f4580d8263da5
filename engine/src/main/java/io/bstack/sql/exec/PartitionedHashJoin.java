package io.bstack.sql.exec;

import io.bstack.sql.ast.TableRef;
import io.bstack.sql.eval.Evaluator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A hash join whose right (build) side may not fit in memory. The right rows are read into memory
 * up to {@link SpillLimit}; when they all fit, this is a {@link HashJoinInput}. Past the limit it
 * is a Grace hash join: both sides are written to {@value #PARTITIONS} {@link SpillFile}s each by
 * a hash of their join keys (rows with a NULL key, which match nothing, to the first), and each
 * pair of partitions is joined in memory in turn — equal keys always meet in the same pair, so
 * the rows are those of the in-memory join, in another order. A partition whose keys are all equal
 * is not split further and may exceed the limit.
 *
 * <p>Not thread-safe. Spill files are deleted as each partition is done, at the end of the rows, on
 * {@link #close} and on failure. Errors: the condition's, {@code HY000} for spill file I/O, the
 * statement's cancellation.
 */
final class PartitionedHashJoin implements SelectExecutor.Input {
    static final int PARTITIONS = 32;

    private final List<HashJoinInput.KeyPair> keys;
    private final Evaluator condition;
    private final TableRef.JoinType type;
    private final int leftWidth;
    private final int rightWidth;
    private final StatementContext ctx;
    private final SpillFile[] lefts = new SpillFile[PARTITIONS];
    private final SpillFile[] rights = new SpillFile[PARTITIONS];
    private int partition = -1;
    private HashJoinInput current;

    private PartitionedHashJoin(List<HashJoinInput.KeyPair> keys, Evaluator condition, TableRef.JoinType type,
            int leftWidth, int rightWidth, StatementContext ctx) {
        this.keys = keys;
        this.condition = condition;
        this.type = type;
        this.leftWidth = leftWidth;
        this.rightWidth = rightWidth;
        this.ctx = ctx;
    }

    /** {@code left} joined to {@code right} on {@code keys} (and {@code condition}), in memory when the right side fits. */
    static SelectExecutor.Input of(SelectExecutor.Input left, SelectExecutor.Input right,
            List<HashJoinInput.KeyPair> keys, Evaluator condition, TableRef.JoinType type, int leftWidth,
            int rightWidth, StatementContext ctx) throws SQLException {
        long limit = SpillLimit.bytes();
        List<Object[]> held = new ArrayList<>();
        long bytes = 0;
        Object[] r;
        for (r = right.next(); r != null; r = right.next()) {
            held.add(r);
            bytes += SpillLimit.estimate(r) * 2;
            if (bytes > limit) {
                break;
            }
        }
        if (r == null) {
            right.close();
            return new HashJoinInput(left, held, keys, condition, type, leftWidth, rightWidth, ctx);
        }
        PartitionedHashJoin join = new PartitionedHashJoin(keys, condition, type, leftWidth, rightWidth, ctx);
        try {
            for (Object[] h : held) {
                join.write(join.rights, h, false);
            }
            held = null;
            for (r = right.next(); r != null; r = right.next()) {
                join.write(join.rights, r, false);
            }
            for (Object[] l = left.next(); l != null; l = left.next()) {
                join.write(join.lefts, l, true);
            }
            for (int i = 0; i < PARTITIONS; i++) {
                join.lefts[i].finishWriting();
                join.rights[i].finishWriting();
            }
        } catch (SQLException | RuntimeException | Error e) {
            join.close();
            throw e;
        } finally {
            left.close();
            right.close();
        }
        return join;
    }

    private void write(SpillFile[] files, Object[] row, boolean fromLeft) throws SQLException {
        ctx.check();
        List<Object> key = HashJoinInput.key(row, keys, fromLeft);
        int p = key == null ? 0 : Math.floorMod(spread(key.hashCode()), PARTITIONS);
        if (files[p] == null) {
            for (int i = 0; i < PARTITIONS; i++) {
                lefts[i] = SpillFile.create();
                rights[i] = SpillFile.create();
            }
        }
        files[p].write(row);
    }

    /** A hash unlike the one HashMap uses inside a partition, so a partition's keys still spread there. */
    private static int spread(int h) {
        h *= 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    @Override
    public Object[] next() throws SQLException {
        try {
            while (true) {
                if (current != null) {
                    Object[] row = current.next();
                    if (row != null) {
                        return row;
                    }
                    lefts[partition].close();
                    rights[partition].close();
                    current = null;
                }
                if (++partition >= PARTITIONS) {
                    return null;
                }
                List<Object[]> build = new ArrayList<>();
                for (Object[] r = rights[partition].read(); r != null; r = rights[partition].read()) {
                    build.add(r);
                }
                SpillFile probe = lefts[partition];
                current = new HashJoinInput(probe::read, build, keys, condition, type, leftWidth, rightWidth, ctx);
            }
        } catch (SQLException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (int i = 0; i < PARTITIONS; i++) {
            for (SpillFile f : new SpillFile[] {lefts[i], rights[i]}) {
                if (f != null) {
                    try {
                        f.close();
                    } catch (SQLException e) {
                        first = first == null ? e : first;
                    }
                }
            }
        }
        partition = PARTITIONS;
        current = null;
        if (first != null) {
            throw first;
        }
    }
}
