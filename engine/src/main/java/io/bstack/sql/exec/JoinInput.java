package io.bstack.sql.exec;

import io.bstack.sql.ast.TableRef;
import io.bstack.sql.eval.Evaluator;
import java.sql.SQLException;
import java.util.List;

/**
 * A nested-loop join: each row of the left input against every row of the (materialised) right
 * one; the combined row is the left row then the right row. INNER and CROSS keep the pairs the
 * condition accepts (CROSS has none); LEFT also keeps left rows no right row matched, padded with
 * NULLs; RIGHT the right rows no left row matched; FULL both.
 */
final class JoinInput implements SelectExecutor.Input {
    private final SelectExecutor.Input left;
    private final List<Object[]> right;
    private final Evaluator condition;
    private final TableRef.JoinType type;
    private final int leftWidth;
    private final int rightWidth;
    private final StatementContext ctx;
    private final boolean[] rightMatched;
    private Object[] current;
    private boolean currentMatched;
    private int next;
    private int unmatched = -1; // scanning the right rows no left row matched (RIGHT, FULL)

    JoinInput(SelectExecutor.Input left, List<Object[]> right, Evaluator condition, TableRef.JoinType type, int leftWidth,
            int rightWidth, StatementContext ctx) {
        this.left = left;
        this.right = right;
        this.condition = condition;
        this.type = type;
        this.leftWidth = leftWidth;
        this.rightWidth = rightWidth;
        this.ctx = ctx;
        this.rightMatched = new boolean[right.size()];
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
                next = 0;
                currentMatched = false;
            }
            while (next < right.size()) {
                ctx.check();
                Object[] r = right.get(next++);
                Object[] both = concat(current, r);
                if (condition == null || Boolean.TRUE.equals(condition.eval(i -> both[i], ctx))) {
                    currentMatched = true;
                    rightMatched[next - 1] = true;
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
