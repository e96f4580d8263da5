package io.bstack.sql.eval;

import io.bstack.sql.eval.ColumnType.Kind;
import java.sql.SQLException;

/**
 * One compiled expression node: a small body plus its static type and whether it depends only on
 * constants. Constant nodes are folded to their value when built; if folding raises an error the
 * node keeps its body, so the error surfaces only if the node is evaluated.
 */
final class Node implements Evaluator {
    /** The per-row work of a node. */
    @FunctionalInterface
    interface Body {
        Object eval(Row row, EvalContext ctx) throws SQLException;
    }

    private final Body body;
    private final ColumnType type;
    private final boolean constant;
    private final boolean folded;
    private final Object value;

    private Node(Body body, ColumnType type, boolean constant, boolean folded, Object value) {
        this.body = body;
        this.type = type;
        this.constant = constant;
        this.folded = folded;
        this.value = value;
    }

    /** @return a node holding a known value of {@code type} */
    static Node value(Object value, ColumnType type) {
        ColumnType t = value != null && type.kind() == Kind.DECIMAL ? Casts.typeOf(value) : type;
        return new Node((row, ctx) -> value, t, true, true, value);
    }

    /** @return a node, folded now if {@code constant} and its evaluation succeeds */
    static Node of(ColumnType type, boolean constant, Body body) {
        return of(type, constant, body, false);
    }

    /**
     * @param keepType whether a folded DECIMAL keeps {@code type} (CAST, as H2's typed constants)
     *                 rather than taking its value's own precision and scale (literals, operations)
     */
    static Node of(ColumnType type, boolean constant, Body body, boolean keepType) {
        if (constant) {
            try {
                Object v = body.eval(Row.EMPTY, null);
                if (keepType) {
                    return new Node((row, ctx) -> v, type, true, true, v);
                }
                return value(v, type);
            } catch (SQLException e) {
                return new Node(body, type, true, false, null);
            }
        }
        return new Node(body, type, false, false, null);
    }

    @Override
    public Object eval(Row row, EvalContext ctx) throws SQLException {
        return body.eval(row, ctx);
    }

    @Override
    public ColumnType type() {
        return type;
    }

    /** @return whether the node depends on no row, parameter, context or non-deterministic function */
    boolean constant() {
        return constant;
    }

    /** @return whether the node's value is known at compile time (see {@link #value()}) */
    boolean folded() {
        return folded;
    }

    /** @return the folded value (only if {@link #folded()}) */
    Object value() {
        return value;
    }

    /** @return whether all nodes are constant */
    static boolean allConstant(Node... nodes) {
        for (Node n : nodes) {
            if (!n.constant) {
                return false;
            }
        }
        return true;
    }

    /** @return whether all nodes are constant */
    static boolean allConstant(java.util.List<Node> nodes) {
        return allConstant(nodes.toArray(Node[]::new));
    }

    @Override
    public String toString() {
        return folded ? "constant " + value + " : " + type : "node : " + type;
    }
}
