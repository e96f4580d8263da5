package io.bstack.sql.eval;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.eval.ColumnType.Kind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * CASE (simple and searched), COALESCE and NULLIF. Only the branches needed are evaluated; results
 * are converted to the common type of all branches ({@link Casts#implicitType}).
 */
final class Conditionals {
    private Conditionals() {
    }

    private static ColumnType commonType(List<Node> results) throws SQLException {
        ColumnType t = ColumnType.NULL;
        for (Node n : results) {
            t = Casts.implicitType(t, n.type());
        }
        return t;
    }

    static Node caseExpression(Expression.Case c, ExpressionCompiler compiler, Scope scope) throws SQLException {
        Node operand = c.operand() == null ? null : compiler.node(c.operand(), scope);
        int n = c.whens().size();
        Node[] conditions = new Node[n];
        Node[] results = new Node[n];
        Comparisons.Comparator[] comparators = new Comparisons.Comparator[n];
        List<Node> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Expression.WhenClause w = c.whens().get(i);
            conditions[i] = compiler.node(w.condition(), scope);
            results[i] = compiler.node(w.result(), scope);
            if (operand != null) {
                comparators[i] = Comparisons.comparator(operand.type(), conditions[i].type());
            }
            all.add(conditions[i]);
            all.add(results[i]);
        }
        Node otherwise = c.elseResult() == null ? null : compiler.node(c.elseResult(), scope);
        List<Node> branches = new ArrayList<>(List.of(results));
        if (otherwise != null) {
            branches.add(otherwise);
            all.add(otherwise);
        }
        if (operand != null) {
            all.add(operand);
        }
        ColumnType type = commonType(branches);
        Kind kind = type.kind();
        return Node.of(type, Node.allConstant(all), (row, ctx) -> {
            Object v = operand == null ? null : operand.eval(row, ctx);
            for (int i = 0; i < n; i++) {
                boolean hit;
                if (operand == null) {
                    hit = Boolean.TRUE.equals(Predicates.truth(conditions[i].eval(row, ctx)));
                } else {
                    hit = Boolean.TRUE.equals(Comparisons.compare(Expression.BinaryOperator.EQUAL, v,
                            conditions[i].eval(row, ctx), comparators[i]));
                }
                if (hit) {
                    return Casts.coerce(results[i].eval(row, ctx), kind);
                }
            }
            return otherwise == null ? null : Casts.coerce(otherwise.eval(row, ctx), kind);
        });
    }

    static Node coalesce(List<Node> args) throws SQLException {
        if (args.isEmpty()) {
            throw SqlErrors.argumentCount("COALESCE", 1, Integer.MAX_VALUE);
        }
        ColumnType type = commonType(args);
        Kind kind = type.kind();
        Node[] argv = args.toArray(Node[]::new);
        return Node.of(type, Node.allConstant(argv), (row, ctx) -> {
            for (Node a : argv) {
                Object v = a.eval(row, ctx);
                if (v != null) {
                    return Casts.coerce(v, kind);
                }
            }
            return null;
        });
    }

    static Node nullIf(Node a, Node b) throws SQLException {
        Comparisons.Comparator c = Comparisons.comparator(a.type(), b.type());
        return Node.of(a.type(), Node.allConstant(a, b), (row, ctx) -> {
            Object x = a.eval(row, ctx);
            Object y = b.eval(row, ctx);
            return x != null && y != null && c.compare(x, y) == 0 ? null : x;
        });
    }
}
