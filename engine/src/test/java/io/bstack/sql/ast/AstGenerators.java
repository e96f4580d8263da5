package io.bstack.sql.ast;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random ASTs in the canonical shapes the parser produces (no parameters, whose numbering depends
 * on position; no DEFAULT outside VALUES). Depth-bounded so trees stay small.
 */
final class AstGenerators {
    private AstGenerators() {
    }

    static Arbitrary<String> identifiers() {
        return Arbitraries.oneOf(
                Arbitraries.of("A", "B", "C1", "COL0", "T", "X_Y", "TAB1", "COR0"),
                Arbitraries.of("mixed Case", "has \"quote\"", "SELECT", "from", "1abc", "ä", "NEXT", "DATE"));
    }

    private static Arbitrary<QualifiedName> qualifiedNames() {
        return Combinators.combine(identifiers().injectNull(0.7), identifiers()).as(QualifiedName::new);
    }

    static Arbitrary<DataType> dataTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of("INTEGER", "BIGINT", "BOOLEAN", "DOUBLE PRECISION", "REAL", "DATE", "CLOB", "BLOB", "UUID",
                        "REGION", "TIMESTAMP WITH TIME ZONE", "TIME").map(DataType::of),
                Arbitraries.integers().between(1, 100).map(n -> new DataType("VARCHAR", n, null)),
                Arbitraries.integers().between(0, 9).map(n -> new DataType("TIMESTAMP", n, null)),
                Arbitraries.integers().between(0, 9).map(n -> new DataType("TIME WITH TIME ZONE", n, null)),
                Combinators.combine(Arbitraries.integers().between(1, 38), Arbitraries.integers().between(0, 10))
                        .as((p, s) -> new DataType("DECIMAL", p, s)));
    }

    private static Arbitrary<Expression> leaves() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 100000).map(i -> new Expression.NumericLiteral(
                        Integer.toString(i), Expression.NumericKind.INTEGER)),
                Arbitraries.of("1.5", "0.25", "10.", ".5").map(t -> new Expression.NumericLiteral(t, Expression.NumericKind.DECIMAL)),
                Arbitraries.of("1E10", "2.5E-3", "7E+2").map(t -> new Expression.NumericLiteral(t, Expression.NumericKind.APPROXIMATE)),
                Arbitraries.strings().withChars("ab'\" %_\n-*/").ofMaxLength(6).map(Expression.StringLiteral::new),
                Arbitraries.of("", "00", "0AFF").map(Expression.BinaryLiteral::new),
                Arbitraries.of(new Expression.DateTimeLiteral(Expression.DateTimeKind.DATE, "2024-02-29"),
                        new Expression.DateTimeLiteral(Expression.DateTimeKind.TIME, "10:11:12"),
                        new Expression.DateTimeLiteral(Expression.DateTimeKind.TIMESTAMP, "2024-01-01 00:00:00")),
                Arbitraries.of(new Expression.BooleanLiteral(true), new Expression.BooleanLiteral(false),
                        new Expression.NullLiteral()),
                Arbitraries.of(Expression.CurrentKind.class).map(Expression.CurrentDateTime::new),
                identifiers().list().ofMinSize(1).ofMaxSize(3).map(Expression.ColumnRef::new),
                qualifiedNames().map(Expression.NextValueFor::new));
    }

    static Arbitrary<Expression> expressions(int depth) {
        if (depth <= 0) {
            return leaves();
        }
        Arbitrary<Expression> sub = expressions(depth - 1);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Arbitraries.frequencyOf(
                Tuple(3, leaves()),
                Tuple(2, Combinators.combine(Arbitraries.of(Expression.UnaryOperator.class), sub).as(Expression.Unary::new)),
                Tuple(4, Combinators.combine(Arbitraries.of(Expression.BinaryOperator.class), sub, sub).as(Expression.Binary::new)),
                Tuple(2, Combinators.combine(Arbitraries.of("ABS", "COALESCE", "MAX", "F1", "ALLOC"), flag,
                        sub.list().ofMaxSize(3)).as((n, d, args) -> new Expression.FunctionCall(n, d && !args.isEmpty(), false, args))),
                Tuple(1, Arbitraries.of("COUNT", "G").map(n -> new Expression.FunctionCall(n, false, true, List.of()))),
                Tuple(1, Combinators.combine(sub, flag).as(Expression.IsNull::new)),
                Tuple(1, Combinators.combine(sub, sub, flag).as(Expression.IsDistinctFrom::new)),
                Tuple(1, Combinators.combine(sub, Arbitraries.of(Expression.TruthValue.class), flag).as(Expression.IsTruth::new)),
                Tuple(1, Combinators.combine(sub, sub, sub, flag, flag).as(Expression.Between::new)),
                // "x IN ((SELECT ...))" reads as an IN over the (parenthesised) query, as in H2: a list
                // of exactly one scalar subquery has no text of its own, so it is not generated
                Tuple(1, Combinators.combine(sub, sub.list().ofMaxSize(3), flag).as(Expression.InList::new)
                        .filter(in -> !(in.values().size() == 1 && in.values().get(0) instanceof Expression.ScalarSubquery))),
                Tuple(1, Combinators.combine(sub, queries(depth - 1), flag).as(Expression.InQuery::new)),
                Tuple(1, Combinators.combine(sub, sub, sub.injectNull(0.5), flag).as(Expression.Like::new)),
                Tuple(1, queries(depth - 1).map(Expression.Exists::new)),
                Tuple(1, queries(depth - 1).map(Expression.ScalarSubquery::new)),
                Tuple(1, Combinators.combine(sub.injectNull(0.5),
                        Combinators.combine(sub, sub).as(Expression.WhenClause::new).list().ofMinSize(1).ofMaxSize(3),
                        sub.injectNull(0.5)).as(Expression.Case::new)),
                Tuple(1, Combinators.combine(sub, dataTypes()).as(Expression.Cast::new)));
    }

    @SuppressWarnings("unchecked")
    private static net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends Expression>> Tuple(int weight,
            Arbitrary<? extends Expression> arbitrary) {
        return net.jqwik.api.Tuple.of(weight, arbitrary);
    }

    private static Arbitrary<OrderItem> orderItems(int depth) {
        return Combinators.combine(expressions(depth), Arbitraries.of(true, false),
                Arbitraries.of(OrderItem.NullOrder.class)).as(OrderItem::new);
    }

    private static Arbitrary<SelectItem> selectItems(int depth) {
        return Arbitraries.oneOf(
                Combinators.combine(expressions(depth), identifiers().injectNull(0.5)).as(SelectItem.Column::new),
                identifiers().list().ofMaxSize(2).map(SelectItem.AllColumns::new));
    }

    static Arbitrary<TableRef> tableRefs(int depth) {
        Arbitrary<TableRef> table = Combinators.combine(qualifiedNames(), identifiers().injectNull(0.5)).as(TableRef.Table::new);
        if (depth <= 0) {
            return table;
        }
        Arbitrary<TableRef> derived = Combinators.combine(queries(depth - 1), identifiers(), identifiers().list().ofMaxSize(2))
                .as(TableRef.Derived::new);
        Arbitrary<TableRef> sub = tableRefs(depth - 1);
        Arbitrary<TableRef> join = Combinators.combine(Arbitraries.of(TableRef.JoinType.class), Arbitraries.of(true, false),
                sub, sub, expressions(depth - 1), identifiers().list().ofMinSize(1).ofMaxSize(2), Arbitraries.integers().between(0, 2))
                .as((type, natural, left, right, on, using, form) -> {
                    if (type == TableRef.JoinType.CROSS) {
                        return new TableRef.Join(type, false, left, right, null, List.of());
                    }
                    if (natural) {
                        return new TableRef.Join(type, true, left, right, null, List.of());
                    }
                    return new TableRef.Join(type, false, left, right, form == 0 ? on : null, form == 1 ? using : List.of());
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, table), net.jqwik.api.Tuple.of(1, derived),
                net.jqwik.api.Tuple.of(2, join));
    }

    static Arbitrary<Query> queries(int depth) {
        Arbitrary<Expression> e = expressions(Math.max(0, depth - 1));
        Arbitrary<Query> select = Combinators.combine(Arbitraries.of(true, false), selectItems(Math.max(0, depth - 1)).list().ofMinSize(1).ofMaxSize(3),
                tableRefs(Math.max(0, depth - 1)).list().ofMaxSize(2), e.injectNull(0.5), e.list().ofMaxSize(2), e.injectNull(0.7))
                .as(Query.Select::new);
        Arbitrary<Query> values = e.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(2).map(Query.Values::new);
        if (depth <= 0) {
            return Arbitraries.oneOf(select, values);
        }
        Arbitrary<Query> sub = queries(depth - 1);
        Arbitrary<Query> setOp = Combinators.combine(Arbitraries.of(Query.SetOperator.class), Arbitraries.of(true, false), sub, sub)
                .as(Query.SetOperation::new);
        Arbitrary<Query> ordered = Combinators.combine(sub, orderItems(depth - 1).list().ofMaxSize(2),
                expressions(0).injectNull(0.5), expressions(0).injectNull(0.5))
                .as((body, order, limit, offset) -> order.isEmpty() && limit == null && offset == null
                        ? body : new Query.Ordered(body, order, limit, offset));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, select), net.jqwik.api.Tuple.of(1, values),
                net.jqwik.api.Tuple.of(2, setOp), net.jqwik.api.Tuple.of(2, ordered));
    }
}
