package io.bstack.sql.eval;

import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.ast.Expression.TruthValue;
import io.bstack.sql.eval.ColumnType.Kind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the nodes of boolean expressions: AND/OR/NOT in three-valued logic (with short cuts),
 * comparisons, IS [NOT] NULL/DISTINCT FROM/TRUE/FALSE/UNKNOWN, BETWEEN [SYMMETRIC], IN lists and
 * LIKE. Every node returns Boolean or null (unknown).
 */
final class Predicates {
    private Predicates() {
    }

    /** @return {@code value} as a truth value: null stays null, other types are cast to BOOLEAN */
    static Boolean truth(Object value) throws SQLException {
        return value == null ? null : value instanceof Boolean b ? b : (Boolean) Casts.coerce(value, Kind.BOOLEAN);
    }

    static Node and(Node l, Node r) {
        return Node.of(ColumnType.BOOLEAN, Node.allConstant(l, r), (row, ctx) -> {
            Boolean a = truth(l.eval(row, ctx));
            if (Boolean.FALSE.equals(a)) {
                return false;
            }
            Boolean b = truth(r.eval(row, ctx));
            if (Boolean.FALSE.equals(b)) {
                return false;
            }
            return a == null || b == null ? null : true;
        });
    }

    static Node or(Node l, Node r) {
        return Node.of(ColumnType.BOOLEAN, Node.allConstant(l, r), (row, ctx) -> {
            Boolean a = truth(l.eval(row, ctx));
            if (Boolean.TRUE.equals(a)) {
                return true;
            }
            Boolean b = truth(r.eval(row, ctx));
            if (Boolean.TRUE.equals(b)) {
                return true;
            }
            return a == null || b == null ? null : false;
        });
    }

    static Node not(Node operand) throws SQLException {
        checkBoolean("NOT", operand);
        return Node.of(ColumnType.BOOLEAN, operand.constant(), (row, ctx) -> {
            Boolean a = truth(operand.eval(row, ctx));
            return a == null ? null : !a;
        });
    }

    private static void checkBoolean(String operation, Node operand) throws SQLException {
        Kind k = operand.type().kind();
        if (k.isDateTime() || k.isBinary() || k == Kind.UUID) {
            throw SqlErrors.typeMismatch(operation, operand.type());
        }
    }

    static Node compare(BinaryOperator op, Node l, Node r) throws SQLException {
        Comparisons.Comparator c = Comparisons.comparator(l.type(), r.type());
        return Node.of(ColumnType.BOOLEAN, Node.allConstant(l, r),
                (row, ctx) -> Comparisons.compare(op, l.eval(row, ctx), r.eval(row, ctx), c));
    }

    static Node isNull(Node operand, boolean negated) {
        return Node.of(ColumnType.BOOLEAN, operand.constant(), (row, ctx) -> (operand.eval(row, ctx) == null) != negated);
    }

    static Node isDistinctFrom(Node l, Node r, boolean negated) throws SQLException {
        Comparisons.Comparator c = Comparisons.comparator(l.type(), r.type());
        return Node.of(ColumnType.BOOLEAN, Node.allConstant(l, r), (row, ctx) -> {
            Object a = l.eval(row, ctx);
            Object b = r.eval(row, ctx);
            boolean distinct = a == null || b == null ? (a == null) != (b == null) : c.compare(a, b) != 0;
            return distinct != negated;
        });
    }

    static Node isTruth(Node operand, TruthValue value, boolean negated) throws SQLException {
        checkBoolean("IS " + value, operand);
        return Node.of(ColumnType.BOOLEAN, operand.constant(), (row, ctx) -> {
            Boolean a = truth(operand.eval(row, ctx));
            boolean is = switch (value) {
                case TRUE -> Boolean.TRUE.equals(a);
                case FALSE -> Boolean.FALSE.equals(a);
                case UNKNOWN -> a == null;
            };
            return is != negated;
        });
    }

    static Node between(Node x, Node low, Node high, boolean symmetric, boolean negated) throws SQLException {
        Comparisons.Comparator cl = Comparisons.comparator(x.type(), low.type());
        Comparisons.Comparator ch = Comparisons.comparator(x.type(), high.type());
        return Node.of(ColumnType.BOOLEAN, Node.allConstant(x, low, high), (row, ctx) -> {
            Object v = x.eval(row, ctx);
            Object a = low.eval(row, ctx);
            Object b = high.eval(row, ctx);
            Boolean result = between(v, a, b, cl, ch);
            if (symmetric && !Boolean.TRUE.equals(result)) {
                Boolean swapped = between(v, b, a, ch, cl);
                result = Boolean.TRUE.equals(swapped) ? Boolean.TRUE : result == null || swapped == null ? null : false;
            }
            return result == null ? null : result != negated;
        });
    }

    private static Boolean between(Object v, Object low, Object high, Comparisons.Comparator cl,
            Comparisons.Comparator ch) throws SQLException {
        Boolean ge = Comparisons.compare(BinaryOperator.GREATER_OR_EQUAL, v, low, cl);
        if (Boolean.FALSE.equals(ge)) {
            return false;
        }
        Boolean le = Comparisons.compare(BinaryOperator.LESS_OR_EQUAL, v, high, ch);
        if (Boolean.FALSE.equals(le)) {
            return false;
        }
        return ge == null || le == null ? null : true;
    }

    static Node inList(Node x, List<Node> values, boolean negated) throws SQLException {
        List<Comparisons.Comparator> comparators = new ArrayList<>();
        for (Node v : values) {
            comparators.add(Comparisons.comparator(x.type(), v.type()));
        }
        List<Node> all = new ArrayList<>(values);
        all.add(x);
        return Node.of(ColumnType.BOOLEAN, Node.allConstant(all), (row, ctx) -> {
            Object v = x.eval(row, ctx);
            if (values.isEmpty()) {
                return negated;
            }
            if (v == null) {
                return null;
            }
            boolean unknown = false;
            for (int i = 0; i < values.size(); i++) {
                Object candidate = values.get(i).eval(row, ctx);
                if (candidate == null) {
                    unknown = true;
                } else if (comparators.get(i).compare(v, candidate) == 0) {
                    return !negated;
                }
            }
            return unknown ? null : negated;
        });
    }

    /** @return whether {@code v} is among {@code candidates} in three-valued logic */
    static Boolean in(Object v, List<Object> candidates, ColumnType vType, ColumnType cType) throws SQLException {
        if (candidates.isEmpty()) {
            return false;
        }
        if (v == null) {
            return null;
        }
        Comparisons.Comparator c = Comparisons.comparator(vType, cType);
        boolean unknown = false;
        for (Object candidate : candidates) {
            if (candidate == null) {
                unknown = true;
            } else if (c.compare(v, candidate) == 0) {
                return true;
            }
        }
        return unknown ? null : false;
    }

    static Node like(Node operand, Node pattern, Node escape, boolean negated) throws SQLException {
        LikePattern fixed = null;
        if (pattern.folded() && pattern.value() != null && (escape == null || escape.folded() && escape.value() != null)) {
            try {
                fixed = LikePattern.compile(Casts.toText(pattern.value()),
                        escape == null ? null : Casts.toText(escape.value()));
            } catch (SQLException e) {
                fixed = null;
            }
        }
        LikePattern compiled = fixed;
        boolean constant = Node.allConstant(operand, pattern) && (escape == null || escape.constant());
        return Node.of(ColumnType.BOOLEAN, constant, (row, ctx) -> {
            Object v = operand.eval(row, ctx);
            if (v == null) {
                return null;
            }
            LikePattern p = compiled;
            if (p == null) {
                Object text = pattern.eval(row, ctx);
                Object esc = escape == null ? LikePattern.DEFAULT_ESCAPE : escape.eval(row, ctx);
                if (text == null || esc == null) {
                    return null;
                }
                p = LikePattern.compile(Casts.toText(text), Casts.toText(esc));
            }
            return p.matches(Casts.toText(v)) != negated;
        });
    }
}
