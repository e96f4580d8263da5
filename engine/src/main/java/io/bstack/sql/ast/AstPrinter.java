package io.bstack.sql.ast;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Prints AST nodes as canonical SQL that the parser reads back to an equal tree:
 * {@code parse(print(parse(s))).equals(parse(s))}. Every compound operand is parenthesised,
 * identifiers are quoted only when they must be, and optional noise words are normalised
 * (e.g. {@code LIMIT n OFFSET m} prints as {@code OFFSET m ROWS FETCH FIRST n ROWS ONLY}).
 */
public final class AstPrinter {
    private static final Pattern REGULAR = Pattern.compile("[A-Z_][A-Z0-9_$]*");
    /** Reserved words (mirrors the parser's list) and words the lexer treats specially before a quote. */
    private static final Set<String> MUST_QUOTE = Set.of(
            "ALL", "AND", "AS", "BETWEEN", "CASE", "CAST", "CHECK", "CONSTRAINT", "CROSS",
            "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DEFAULT", "DISTINCT", "ELSE", "END",
            "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL", "GROUP", "HAVING", "IF",
            "IN", "INNER", "INTERSECT", "IS", "JOIN", "LEFT", "LIKE", "LIMIT", "NATURAL", "NOT", "NULL",
            "OFFSET", "ON", "OR", "ORDER", "PRIMARY", "RIGHT", "SELECT", "SET", "TABLE", "THEN", "TRUE",
            "UNION", "UNIQUE", "UNKNOWN", "USING", "VALUES", "WHEN", "WHERE", "WITH",
            "DATE", "TIME", "TIMESTAMP", "NEXT");

    private AstPrinter() {
    }

    /** @return an identifier, quoted if it is not a plain upper-case non-reserved word */
    public static String identifier(String name) {
        if (REGULAR.matcher(name).matches() && !MUST_QUOTE.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** @return a qualified name */
    public static String name(QualifiedName name) {
        return name.schema() == null ? identifier(name.name()) : identifier(name.schema()) + "." + identifier(name.name());
    }

    private static String identifiers(List<String> names) {
        return names.stream().map(AstPrinter::identifier).collect(Collectors.joining(", "));
    }

    private static <T> String list(List<T> items, Function<T, String> printer) {
        return items.stream().map(printer).collect(Collectors.joining(", "));
    }

    /** @return a data type */
    public static String print(DataType type) {
        if (type.precision() == null) {
            return type.name();
        }
        String args = "(" + type.precision() + (type.scale() == null ? "" : ", " + type.scale()) + ")";
        int space = type.name().indexOf(" WITH");
        if (space > 0 && type.name().startsWith("TIME")) {
            return type.name().substring(0, space) + args + type.name().substring(space);
        }
        return type.name() + args;
    }

    /** @return an expression */
    public static String print(Expression e) {
        return switch (e) {
            case Expression.NumericLiteral n -> n.text();
            case Expression.StringLiteral s -> string(s.value());
            case Expression.BinaryLiteral b -> "X'" + b.hex() + "'";
            case Expression.DateTimeLiteral d -> d.kind().name() + " " + string(d.value());
            case Expression.BooleanLiteral b -> b.value() ? "TRUE" : "FALSE";
            case Expression.NullLiteral n -> "NULL";
            case Expression.DefaultValue d -> "DEFAULT";
            case Expression.Parameter p -> "?";
            case Expression.ColumnRef c -> c.parts().stream().map(AstPrinter::identifier).collect(Collectors.joining("."));
            case Expression.Unary u -> switch (u.operator()) {
                case PLUS -> "+" + operand(u.operand());
                case MINUS -> "-" + operand(u.operand());
                case NOT -> "NOT " + operand(u.operand());
            };
            case Expression.Binary b -> operand(b.left()) + " " + b.operator().symbol() + " " + operand(b.right());
            case Expression.FunctionCall f -> f.name() + "(" + (f.star() ? "*"
                    : (f.distinct() ? "DISTINCT " : "") + list(f.arguments(), AstPrinter::print)) + ")";
            case Expression.IsNull i -> operand(i.operand()) + (i.negated() ? " IS NOT NULL" : " IS NULL");
            case Expression.IsDistinctFrom d -> operand(d.left()) + (d.negated() ? " IS NOT" : " IS")
                    + " DISTINCT FROM " + operand(d.right());
            case Expression.IsTruth t -> operand(t.operand()) + (t.negated() ? " IS NOT " : " IS ") + t.value().name();
            case Expression.Between b -> operand(b.operand()) + not(b.negated()) + " BETWEEN "
                    + (b.symmetric() ? "SYMMETRIC " : "") + operand(b.low()) + " AND " + operand(b.high());
            case Expression.InList i -> operand(i.operand()) + not(i.negated()) + " IN ("
                    + list(i.values(), AstPrinter::print) + ")";
            case Expression.InQuery i -> operand(i.operand()) + not(i.negated()) + " IN (" + print(i.query()) + ")";
            case Expression.Like l -> operand(l.operand()) + not(l.negated()) + " LIKE " + operand(l.pattern())
                    + (l.escape() == null ? "" : " ESCAPE " + operand(l.escape()));
            case Expression.Exists x -> "EXISTS (" + print(x.query()) + ")";
            case Expression.ScalarSubquery s -> "(" + print(s.query()) + ")";
            case Expression.Case c -> caseExpression(c);
            case Expression.Cast c -> "CAST(" + print(c.operand()) + " AS " + print(c.type()) + ")";
            case Expression.NextValueFor n -> "NEXT VALUE FOR " + name(n.sequence());
            case Expression.CurrentDateTime c -> c.kind().name();
        };
    }

    private static String not(boolean negated) {
        return negated ? " NOT" : "";
    }

    private static String string(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String caseExpression(Expression.Case c) {
        StringBuilder sb = new StringBuilder("CASE");
        if (c.operand() != null) {
            sb.append(' ').append(print(c.operand()));
        }
        for (Expression.WhenClause w : c.whens()) {
            sb.append(" WHEN ").append(print(w.condition())).append(" THEN ").append(print(w.result()));
        }
        if (c.elseResult() != null) {
            sb.append(" ELSE ").append(print(c.elseResult()));
        }
        return sb.append(" END").toString();
    }

    /** An operand: atomic expressions bare, everything else in parentheses. */
    private static String operand(Expression e) {
        boolean atomic = switch (e) {
            case Expression.NumericLiteral n -> true;
            case Expression.StringLiteral s -> true;
            case Expression.BinaryLiteral b -> true;
            case Expression.DateTimeLiteral d -> true;
            case Expression.BooleanLiteral b -> true;
            case Expression.NullLiteral n -> true;
            case Expression.Parameter p -> true;
            case Expression.ColumnRef c -> true;
            case Expression.FunctionCall f -> true;
            case Expression.Case c -> true;
            case Expression.Cast c -> true;
            case Expression.ScalarSubquery s -> true;
            case Expression.Exists x -> true;
            case Expression.CurrentDateTime c -> true;
            default -> false;
        };
        return atomic ? print(e) : "(" + print(e) + ")";
    }

    /** @return a query */
    public static String print(Query q) {
        return switch (q) {
            case Query.Select s -> select(s);
            case Query.Values v -> "VALUES " + list(v.rows(), row -> "(" + list(row, AstPrinter::print) + ")");
            case Query.SetOperation s -> setOperation(s);
            case Query.Ordered o -> ordered(o);
        };
    }

    private static int precedence(Query.SetOperator op) {
        return op == Query.SetOperator.INTERSECT ? 2 : 1;
    }

    private static String setOperation(Query.SetOperation s) {
        String left = print(s.left());
        boolean leftParens = switch (s.left()) {
            case Query.SetOperation l -> precedence(l.operator()) < precedence(s.operator());
            case Query.Ordered o -> true;
            default -> false;
        };
        String right = print(s.right());
        boolean rightParens = switch (s.right()) {
            case Query.SetOperation r -> precedence(r.operator()) <= precedence(s.operator());
            case Query.Ordered o -> true;
            default -> false;
        };
        return (leftParens ? "(" + left + ")" : left) + " " + s.operator().name() + (s.all() ? " ALL " : " ")
                + (rightParens ? "(" + right + ")" : right);
    }

    private static String ordered(Query.Ordered o) {
        StringBuilder sb = new StringBuilder();
        if (o.body() instanceof Query.Ordered) {
            sb.append('(').append(print(o.body())).append(')');
        } else {
            sb.append(print(o.body()));
        }
        if (!o.orderBy().isEmpty()) {
            sb.append(" ORDER BY ").append(list(o.orderBy(), AstPrinter::orderItem));
        }
        if (o.offset() != null) {
            sb.append(" OFFSET ").append(print(o.offset())).append(" ROWS");
        }
        if (o.limit() != null) {
            sb.append(" FETCH FIRST ").append(print(o.limit())).append(" ROWS ONLY");
        }
        return sb.toString();
    }

    private static String orderItem(OrderItem item) {
        return print(item.expression()) + (item.descending() ? " DESC" : "")
                + switch (item.nulls()) {
                    case DEFAULT -> "";
                    case FIRST -> " NULLS FIRST";
                    case LAST -> " NULLS LAST";
                };
    }

    private static String select(Query.Select s) {
        StringBuilder sb = new StringBuilder("SELECT ");
        if (s.distinct()) {
            sb.append("DISTINCT ");
        }
        sb.append(list(s.items(), AstPrinter::selectItem));
        if (!s.from().isEmpty()) {
            sb.append(" FROM ").append(list(s.from(), AstPrinter::print));
        }
        if (s.where() != null) {
            sb.append(" WHERE ").append(print(s.where()));
        }
        if (!s.groupBy().isEmpty()) {
            sb.append(" GROUP BY ").append(list(s.groupBy(), AstPrinter::print));
        }
        if (s.having() != null) {
            sb.append(" HAVING ").append(print(s.having()));
        }
        return sb.toString();
    }

    private static String selectItem(SelectItem item) {
        return switch (item) {
            case SelectItem.AllColumns a -> a.qualifier().isEmpty() ? "*"
                    : a.qualifier().stream().map(AstPrinter::identifier).collect(Collectors.joining(".")) + ".*";
            case SelectItem.Column c -> print(c.expression()) + (c.alias() == null ? "" : " AS " + identifier(c.alias()));
        };
    }

    /** @return a table reference */
    public static String print(TableRef ref) {
        return switch (ref) {
            case TableRef.Table t -> name(t.name()) + (t.alias() == null ? "" : " AS " + identifier(t.alias()));
            case TableRef.Derived d -> "(" + print(d.query()) + ")"
                    + (d.alias() == null ? "" : " AS " + identifier(d.alias()))
                    + (d.columnAliases().isEmpty() ? "" : " (" + identifiers(d.columnAliases()) + ")");
            case TableRef.Join j -> join(j);
        };
    }

    private static String join(TableRef.Join j) {
        StringBuilder sb = new StringBuilder(print(j.left())).append(' ');
        if (j.natural()) {
            sb.append("NATURAL ");
        }
        sb.append(j.type().name()).append(" JOIN ");
        sb.append(j.right() instanceof TableRef.Join ? "(" + print(j.right()) + ")" : print(j.right()));
        if (j.condition() != null) {
            sb.append(" ON ").append(print(j.condition()));
        } else if (!j.using().isEmpty()) {
            sb.append(" USING (").append(identifiers(j.using())).append(')');
        }
        return sb.toString();
    }

    /** A table constraint as SQL ({@code CONSTRAINT c CHECK (...)}, {@code FOREIGN KEY ...}). */
    public static String print(TableConstraint c) {
        return StatementPrinter.tableConstraint(c);
    }

    /** @return a statement */
    public static String print(Statement s) {
        return StatementPrinter.print(s);
    }
}
