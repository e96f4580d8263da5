package io.bstack.sql.exec;

import io.bstack.sql.ast.TableRef;
import io.bstack.sql.eval.Evaluator;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * An index nested-loop join: for each left row the right table is probed through a key whose
 * values the left row gives ({@link AccessPath#join}), and the join condition decides on each pair
 * the probe yields (a probe only narrows). INNER keeps the accepted pairs; LEFT also keeps left
 * rows no right row matched, padded with NULLs. The combined row is the left row then the right
 * row. Not thread-safe.
 */
final class IndexJoinInput implements SelectExecutor.Input {
    private final SelectExecutor.Input left;
    private final AccessPath.Opener right;
    private final Evaluator condition;
    private final boolean outer;
    private final int leftWidth;
    private final int rightWidth;
    private final StatementContext ctx;
    private Object[] current;
    private KeyedRows probe;
    private boolean matched;

    IndexJoinInput(SelectExecutor.Input left, AccessPath.Opener right, Evaluator condition, TableRef.JoinType type,
            int leftWidth, int rightWidth, StatementContext ctx) {
        if (type != TableRef.JoinType.INNER && type != TableRef.JoinType.LEFT) {
            throw new IllegalArgumentException("an index join is INNER or LEFT, not " + type);
        }
        this.left = left;
        this.right = right;
        this.condition = condition;
        this.outer = type == TableRef.JoinType.LEFT;
        this.leftWidth = leftWidth;
        this.rightWidth = rightWidth;
        this.ctx = ctx;
    }

    @Override
    public Object[] next() throws SQLException {
        while (true) {
            if (current == null) {
                current = left.next();
                if (current == null) {
                    return null;
                }
                Object[] padded = concat(current, new Object[0]);
                probe = right.open(ctx, i -> padded[i]);
                matched = false;
            }
            Object[] r = probe.next();
            if (r != null) {
                ctx.check();
                Object[] both = concat(current, (Object[]) r[1]);
                if (Boolean.TRUE.equals(condition.eval(i -> both[i], ctx))) {
                    matched = true;
                    return both;
                }
                continue;
            }
            Object[] l = current;
            current = null;
            if (!matched && outer) {
                return concat(l, new Object[rightWidth]);
            }
        }
    }

    private Object[] concat(Object[] l, Object[] r) {
        Object[] both = Arrays.copyOf(l, leftWidth + rightWidth);
        if (l.length > leftWidth) {
            Arrays.fill(both, leftWidth, both.length, null);
        }
        System.arraycopy(r, 0, both, leftWidth, Math.min(r.length, rightWidth));
        return both;
    }
}
