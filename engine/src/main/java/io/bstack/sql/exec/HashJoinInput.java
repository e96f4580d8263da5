package io.bstack.sql.exec;

import io.bstack.sql.ast.TableRef;
import io.bstack.sql.eval.Evaluator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hash join on equal key columns: the (materialised) right rows are hashed by their key columns'
 * {@link JoinKey}s, and each left row meets only the right rows with its keys, in their order; the
 * join condition decides on each such pair. A NULL key never matches. INNER keeps the accepted
 * pairs; LEFT also the left rows no right row matched, padded with NULLs; RIGHT the right rows no
 * left row matched; FULL both; rows come in the order {@link JoinInput} gives them. Not thread-safe.
 */
final class HashJoinInput implements SelectExecutor.Input {

    /** One equal pair: a column of the left row, a column of the right row, and their key maker. */
    record KeyPair(int left, int right, JoinKey key) {}

    private final SelectExecutor.Input left;
    private final List<Object[]> right;
    private final List<KeyPair> keys;
    private final Evaluator condition;
    private final TableRef.JoinType type;
    private final int leftWidth;
    private final int rightWidth;
    private final StatementContext ctx;
    private final boolean[] rightMatched;
    private final Map<List<Object>, List<Integer>> table = new HashMap<>();
    private Object[] current;
    private List<Integer> candidates;
    private boolean currentMatched;
    private int next;
    private int unmatched = -1;

    HashJoinInput(SelectExecutor.Input left, List<Object[]> right, List<KeyPair> keys, Evaluator condition,
            TableRef.JoinType type, int leftWidth, int rightWidth, StatementContext ctx) throws SQLException {
        this.left = left;
        this.right = right;
        this.keys = keys;
        this.condition = condition;
        this.type = type;
        this.leftWidth = leftWidth;
        this.rightWidth = rightWidth;
        this.ctx = ctx;
        this.rightMatched = new boolean[right.size()];
        for (int i = 0; i < right.size(); i++) {
            List<Object> k = key(right.get(i), false);
            if (k != null) {
                table.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
    }

    /** The keys of a row (left or right); null when one is NULL. */
    private List<Object> key(Object[] row, boolean fromLeft) throws SQLException {
        return key(row, keys, fromLeft);
    }

    /** The join keys {@code keys} make of a row (left or right); null when one is NULL. */
    static List<Object> key(Object[] row, List<KeyPair> keys, boolean fromLeft) throws SQLException {
        List<Object> out = new ArrayList<>(keys.size());
        for (KeyPair p : keys) {
            int at = fromLeft ? p.left() : p.right();
            Object v = at < row.length ? io.bstack.sql.eval.Lobs.value(row[at]) : null;
            if (v == null) {
                return null;
            }
            out.add(p.key().of(v));
        }
        return out;
    }

    @Override
    public Object[] next() throws SQLException {
        while (unmatched < 0) {
            if (current == null) {
                current = left.next();
                if (current == null) {
                    unmatched = 0;
                    break;
                }
                List<Object> k = table.isEmpty() ? null : key(current, true);
                candidates = k == null ? null : table.get(k);
                next = 0;
                currentMatched = false;
            }
            while (candidates != null && next < candidates.size()) {
                ctx.check();
                int i = candidates.get(next++);
                Object[] both = concat(current, right.get(i));
                if (condition == null || Boolean.TRUE.equals(condition.eval(x -> both[x], ctx))) {
                    currentMatched = true;
                    rightMatched[i] = true;
                    return both;
                }
            }
            Object[] l = current;
            current = null;
            if (!currentMatched && (type == TableRef.JoinType.LEFT || type == TableRef.JoinType.FULL)) {
                return concat(l, new Object[rightWidth]);
            }
        }
        if (type == TableRef.JoinType.RIGHT || type == TableRef.JoinType.FULL) {
            while (unmatched < right.size()) {
                int i = unmatched++;
                if (!rightMatched[i]) {
                    return concat(new Object[leftWidth], right.get(i));
                }
            }
        }
        return null;
    }

    private Object[] concat(Object[] l, Object[] r) {
        Object[] both = new Object[leftWidth + rightWidth];
        System.arraycopy(l, 0, both, 0, Math.min(l.length, leftWidth));
        System.arraycopy(r, 0, both, leftWidth, Math.min(r.length, rightWidth));
        return both;
    }
}
