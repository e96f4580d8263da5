package io.bstack.sql.exec;

import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.eval.ColumnBinding;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the WHERE's top-level conjuncts say about single columns of one base table, as a key could
 * use it: {@code col = c}, {@code col IS NULL}, {@code col IN (c1, ..)}, and bounds from
 * {@code col < c}, {@code <=}, {@code >}, {@code >=}, {@code BETWEEN} (constants: expressions
 * reading no column, subquery or aggregate; either side of the comparison). The first term of each
 * kind per column is kept; the WHERE still filters every row, so dropping one only reads more.
 * Mutable while built by {@link #of}, then only read; not thread-safe.
 */
final class KeyTerms {

    /** A bound on a column's values: {@code value} itself included or not. */
    record Bound(Expression value, boolean inclusive) {}

    /** The terms on one column. */
    static final class Term {
        Expression equal;
        boolean isNull;
        List<Expression> in;
        Bound lower;
        Bound upper;

        /** Whether the column has one value (equal or IS NULL). */
        boolean single() {
            return equal != null || isNull;
        }

        /** Whether the column has one or several listed values. */
        boolean fixes() {
            return single() || in != null;
        }

        boolean ranges() {
            return lower != null || upper != null;
        }

        String describe(String column) {
            if (equal != null) {
                return column + " = " + AstPrinter.print(equal);
            }
            if (isNull) {
                return column + " IS NULL";
            }
            if (in != null) {
                return column + " IN (" + String.join(", ", in.stream().map(AstPrinter::print).toList()) + ")";
            }
            List<String> parts = new ArrayList<>();
            if (lower != null) {
                parts.add(column + (lower.inclusive() ? " >= " : " > ") + AstPrinter.print(lower.value()));
            }
            if (upper != null) {
                parts.add(column + (upper.inclusive() ? " <= " : " < ") + AstPrinter.print(upper.value()));
            }
            return String.join(", ", parts);
        }
    }

    private final Map<Integer, Term> terms = new HashMap<>();

    private final FromScope scope;
    private final int from;
    private final int to;
    private final java.util.function.Predicate<Expression> value;

    private KeyTerms(FromScope scope, int from, int to, java.util.function.Predicate<Expression> value) {
        this.scope = scope;
        this.from = from;
        this.to = to;
        this.value = value;
    }

    /** The terms of {@code where} on the columns of {@code scope}'s one table (by column position in it). */
    static KeyTerms of(Expression where, FromScope scope) {
        return of(where, new KeyTerms(scope, scope.prefix(), scope.width(), KeyTerms::constant));
    }

    /**
     * The terms of a join's {@code condition} on the columns of the right table (row positions
     * {@code [leftWidth, leftWidth + rightWidth)} of {@code both}) whose values read only the left
     * side's columns: one probe of the right table per left row.
     */
    static KeyTerms join(Expression condition, FromScope both, int leftWidth, int rightWidth) {
        return of(condition, new KeyTerms(both, leftWidth, leftWidth + rightWidth, e -> readsLeft(e, both, leftWidth)));
    }

    private static boolean readsLeft(Expression e, FromScope both, int leftWidth) {
        return !AstSearch.any(e, n -> n instanceof io.bstack.sql.ast.Query
                || n instanceof Expression.FunctionCall f && Aggregates.NAMES.contains(f.name())
                || n instanceof Expression.ColumnRef r && !resolvesBelow(r, both, leftWidth));
    }

    private static boolean resolvesBelow(Expression.ColumnRef r, FromScope both, int leftWidth) {
        try {
            return both.resolve(r).index() < leftWidth;
        } catch (SQLException unbound) {
            return false;
        }
    }

    private static KeyTerms of(Expression where, KeyTerms out) {
        FromScope scope = out.scope;
        for (Expression c : conjuncts(where)) {
            switch (c) {
                case Expression.Binary b -> {
                    out.compare(b.left(), b.operator(), b.right(), scope);
                    BinaryOperator flipped = flip(b.operator());
                    if (flipped != null) {
                        out.compare(b.right(), flipped, b.left(), scope);
                    }
                }
                case Expression.Between b when !b.negated() && !b.symmetric() && out.value.test(b.low())
                        && out.value.test(b.high()) -> {
                    Term t = out.term(b.operand(), scope);
                    if (t != null) {
                        t.lower = t.lower != null ? t.lower : new Bound(b.low(), true);
                        t.upper = t.upper != null ? t.upper : new Bound(b.high(), true);
                    }
                }
                case Expression.IsNull n when !n.negated() -> {
                    Term t = out.term(n.operand(), scope);
                    if (t != null) {
                        t.isNull = true;
                    }
                }
                case Expression.InList in when !in.negated() && !in.values().isEmpty()
                        && in.values().stream().allMatch(out.value) -> {
                    Term t = out.term(in.operand(), scope);
                    if (t != null && t.in == null) {
                        t.in = in.values();
                    }
                }
                default -> {
                    // not a term a key can use
                }
            }
        }
        return out;
    }

    /** The terms on column {@code column} of the table (null: none). */
    Term get(int column) {
        return terms.get(column);
    }

    private static BinaryOperator flip(BinaryOperator op) {
        return switch (op) {
            case EQUAL -> BinaryOperator.EQUAL;
            case LESS -> BinaryOperator.GREATER;
            case LESS_OR_EQUAL -> BinaryOperator.GREATER_OR_EQUAL;
            case GREATER -> BinaryOperator.LESS;
            case GREATER_OR_EQUAL -> BinaryOperator.LESS_OR_EQUAL;
            default -> null;
        };
    }

    private void compare(Expression column, BinaryOperator op, Expression value, FromScope scope) {
        if (!this.value.test(value)) {
            return;
        }
        Term t;
        switch (op) {
            case EQUAL -> {
                t = term(column, scope);
                if (t != null && t.equal == null) {
                    t.equal = value;
                }
            }
            case LESS, LESS_OR_EQUAL -> {
                t = term(column, scope);
                if (t != null && t.upper == null) {
                    t.upper = new Bound(value, op == BinaryOperator.LESS_OR_EQUAL);
                }
            }
            case GREATER, GREATER_OR_EQUAL -> {
                t = term(column, scope);
                if (t != null && t.lower == null) {
                    t.lower = new Bound(value, op == BinaryOperator.GREATER_OR_EQUAL);
                }
            }
            default -> {
                // no key term
            }
        }
    }

    /** The term of {@code e} when it is a column of the table, created on first use; else null. */
    private Term term(Expression e, FromScope scope) {
        if (!(e instanceof Expression.ColumnRef ref)) {
            return null;
        }
        try {
            ColumnBinding b = scope.resolve(ref);
            if (b.index() >= from && b.index() < to) {
                return terms.computeIfAbsent(b.index() - from, k -> new Term());
            }
        } catch (SQLException notOurs) {
            // a name of another scope, or none: not a key term
        }
        return null;
    }

    static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e instanceof Expression.Binary b && b.operator() == BinaryOperator.AND) {
            out.addAll(conjuncts(b.left()));
            out.addAll(conjuncts(b.right()));
        } else if (e != null) {
            out.add(e);
        }
        return out;
    }

    /** Whether {@code e} reads no column, subquery or aggregate: a constant for one run of the statement. */
    static boolean constant(Object e) {
        return !AstSearch.any(e, n -> n instanceof Expression.ColumnRef || n instanceof io.bstack.sql.ast.Query
                || n instanceof Expression.FunctionCall f && Aggregates.NAMES.contains(f.name()));
    }
}
