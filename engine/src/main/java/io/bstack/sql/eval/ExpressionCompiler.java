package io.bstack.sql.eval;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Expression.BinaryOperator;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.function.AggregateFunction;
import io.bstack.sql.function.FunctionRegistry;
import io.bstack.sql.function.RoutineLookup;
import io.bstack.sql.function.ScalarFunction;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Compiles an expression AST once into an {@link Evaluator}, a tree of small nodes that evaluates
 * without revisiting the AST. Columns, parameters, aggregates and subqueries are bound through the
 * {@link Scope}; functions are looked up in a {@link FunctionRegistry}. Constant sub-expressions are
 * folded; an error while folding is deferred to evaluation, so {@code CASE WHEN FALSE THEN 1/0 END}
 * evaluates to NULL. Binding and type errors (42xxx) are raised by {@link #compile}. Thread-safe.
 */
public final class ExpressionCompiler {
    /** Aggregates the executor computes even when no provider registers them. */
    private static final Set<String> STANDARD_AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "EVERY",
            "ANY", "SOME", "BOOL_AND", "BOOL_OR", "STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP");
    private static final Set<String> UNIT_FUNCTIONS = Set.of("DATEADD", "DATEDIFF", "TIMESTAMPADD", "TIMESTAMPDIFF");
    private static volatile ExpressionCompiler standard;

    private final FunctionRegistry functions;
    private final RoutineLookup routines; // null: no user functions

    /** @param functions the scalar and aggregate functions calls resolve to */
    public ExpressionCompiler(FunctionRegistry functions) {
        this(functions, null);
    }

    private ExpressionCompiler(FunctionRegistry functions, RoutineLookup routines) {
        this.functions = functions;
        this.routines = routines;
    }

    /**
     * @return a compiler over the same registry whose calls of names the registry lacks resolve
     *         through {@code routines} (one statement's user functions)
     */
    public ExpressionCompiler withRoutines(RoutineLookup routines) {
        return new ExpressionCompiler(functions, routines);
    }

    /**
     * @param name an upper-case function name
     * @return the aggregate function {@code name} of the registry or, failing that, a user aggregate;
     *         null for a standard aggregate the executor computes itself or a name that is no aggregate
     * @throws SQLException when a user aggregate of that name cannot be called here
     */
    public AggregateFunction aggregate(String name) throws SQLException {
        AggregateFunction f = functions.aggregate(name);
        if (f != null || routines == null || STANDARD_AGGREGATES.contains(name) || functions.scalar(name) != null) {
            return f;
        }
        return routines.aggregate(name);
    }

    /** @return whether {@code name} (upper case) calls an aggregate: a standard one, a registered or a user one */
    public boolean isAggregate(String name) throws SQLException {
        return STANDARD_AGGREGATES.contains(name) || aggregate(name) != null;
    }

    /** @return a compiler over {@link FunctionRegistry#load()} (loaded once) */
    public static ExpressionCompiler standard() {
        ExpressionCompiler c = standard;
        if (c == null) {
            c = new ExpressionCompiler(FunctionRegistry.load());
            standard = c;
        }
        return c;
    }

    /** @return the aggregates the executor computes itself, whether or not a provider registers them */
    public static Set<String> standardAggregates() {
        return STANDARD_AGGREGATES;
    }

    /** @return the registry calls resolve to */
    public FunctionRegistry functions() {
        return functions;
    }

    /**
     * @return the evaluator of {@code ast}
     * @throws SQLException binding errors from {@code scope}, 42804 type mismatches, 42883 unknown
     *                      functions, 42000 wrong argument counts, unknown data types or misplaced DEFAULT
     */
    public Evaluator compile(Expression ast, Scope scope) throws SQLException {
        return node(ast, scope);
    }

    /**
     * {@link #compile} for a value that is stored as it is (an INSERT value, an UPDATE assignment):
     * a bare {@code ?} then passes a {@link io.bstack.btree.Lob} (a streamed parameter) on unread.
     */
    public Evaluator compileStored(Expression ast, Scope scope) throws SQLException {
        if (ast instanceof Expression.Parameter p) {
            int index = p.index();
            ColumnType type = scope.parameterType(index);
            return type.kind() == Kind.NULL ? Node.of(type, false, (row, ctx) -> ctx.parameter(index))
                    : Node.of(type, false, (row, ctx) -> Casts.cast(ctx.parameter(index), type));
        }
        return node(ast, scope);
    }

    private List<Node> nodes(List<Expression> list, Scope scope) throws SQLException {
        List<Node> out = new ArrayList<>(list.size());
        for (Expression e : list) {
            out.add(node(e, scope));
        }
        return out;
    }

    Node node(Expression e, Scope scope) throws SQLException {
        return switch (e) {
            case Expression.NumericLiteral n -> numeric(n);
            case Expression.StringLiteral s -> Node.value(s.value(), ColumnType.varchar(s.value().length()));
            case Expression.BinaryLiteral b -> {
                byte[] bytes = HexFormat.of().parseHex(b.hex());
                yield Node.value(bytes, ColumnType.varbinary(bytes.length));
            }
            case Expression.DateTimeLiteral d -> dateTime(d);
            case Expression.BooleanLiteral b -> Node.value(b.value(), ColumnType.BOOLEAN);
            case Expression.NullLiteral n -> Node.value(null, ColumnType.NULL);
            case Expression.DefaultValue d -> throw SqlErrors.notAllowed("DEFAULT is not allowed in an expression");
            case Expression.Parameter p -> parameter(p, scope);
            case Expression.ColumnRef c -> {
                ColumnBinding b = scope.resolve(c);
                int index = b.index();
                yield Node.of(b.type(), false, (row, ctx) -> Lobs.value(row.get(index)));
            }
            case Expression.Unary u -> unary(u, scope);
            case Expression.Binary b -> binary(b, scope);
            case Expression.FunctionCall f -> call(f, scope);
            case Expression.IsNull i -> Predicates.isNull(node(i.operand(), scope), i.negated());
            case Expression.IsDistinctFrom d -> Predicates.isDistinctFrom(node(d.left(), scope), node(d.right(), scope),
                    d.negated());
            case Expression.IsTruth t -> Predicates.isTruth(node(t.operand(), scope), t.value(), t.negated());
            case Expression.Between b -> Predicates.between(node(b.operand(), scope), node(b.low(), scope),
                    node(b.high(), scope), b.symmetric(), b.negated());
            case Expression.InList i -> Predicates.inList(node(i.operand(), scope), nodes(i.values(), scope), i.negated());
            case Expression.Like l -> Predicates.like(node(l.operand(), scope), node(l.pattern(), scope),
                    l.escape() == null ? null : node(l.escape(), scope), l.negated());
            case Expression.InQuery i -> Subqueries.in(node(i.operand(), scope), scope.compileSubquery(i.query()),
                    i.negated());
            case Expression.Exists x -> Subqueries.exists(scope.compileSubquery(x.query()));
            case Expression.ScalarSubquery s -> Subqueries.scalar(scope.compileSubquery(s.query()));
            case Expression.Case c -> Conditionals.caseExpression(c, this, scope);
            case Expression.Cast c -> cast(node(c.operand(), scope), ColumnType.of(c.type()));
            case Expression.NextValueFor n -> Node.of(ColumnType.BIGINT, false, (row, ctx) -> ctx.nextValue(n.sequence()));
            case Expression.CurrentDateTime c -> switch (c.kind()) {
                case CURRENT_DATE -> Node.of(ColumnType.DATE, false, (row, ctx) -> ctx.currentTimestamp().toLocalDate());
                case CURRENT_TIME -> Node.of(new ColumnType(Kind.TIME, 9, 0), false,
                        (row, ctx) -> ctx.currentTimestamp().toLocalTime());
                case CURRENT_TIMESTAMP -> Node.of(ColumnType.TIMESTAMP_WITH_TIME_ZONE, false,
                        (row, ctx) -> ctx.currentTimestamp());
            };
        };
    }

    private static Node numeric(Expression.NumericLiteral n) {
        String text = n.text();
        return switch (n.kind()) {
            case INTEGER -> {
                BigDecimal d = new BigDecimal(text);
                if (d.toBigInteger().bitLength() < 32) {
                    yield Node.value(d.intValueExact(), ColumnType.INTEGER);
                }
                if (d.toBigInteger().bitLength() < 64) {
                    yield Node.value(d.longValueExact(), ColumnType.BIGINT);
                }
                yield Node.value(d, ColumnType.DECIMAL);
            }
            case DECIMAL -> Node.value(new BigDecimal(text), ColumnType.DECIMAL);
            case APPROXIMATE -> Node.value(Double.parseDouble(text), ColumnType.DOUBLE);
        };
    }

    private static Node dateTime(Expression.DateTimeLiteral d) {
        String text = d.value();
        return switch (d.kind()) {
            case DATE -> Node.of(ColumnType.DATE, true, (row, ctx) -> DateTimeText.parseDate(text));
            case TIME -> Node.of(new ColumnType(Kind.TIME, fractionDigits(text), 0), true,
                    (row, ctx) -> DateTimeText.parseTime(text));
            case TIMESTAMP -> Node.of(new ColumnType(Kind.TIMESTAMP, fractionDigits(text), 0), true,
                    (row, ctx) -> DateTimeText.parseTimestamp(text));
        };
    }

    private static int fractionDigits(String text) {
        int dot = text.lastIndexOf('.');
        if (dot < 0) {
            return 0;
        }
        int n = 0;
        while (dot + 1 + n < text.length() && Character.isDigit(text.charAt(dot + 1 + n))) {
            n++;
        }
        return Math.min(n, 9);
    }

    private static Node parameter(Expression.Parameter p, Scope scope) {
        int index = p.index();
        ColumnType type = scope.parameterType(index);
        if (type.kind() == Kind.NULL) {
            return Node.of(type, false, (row, ctx) -> ctx.parameterValue(index));
        }
        return Node.of(type, false, (row, ctx) -> Casts.cast(ctx.parameterValue(index), type));
    }

    private Node unary(Expression.Unary u, Scope scope) throws SQLException {
        if (u.operator() == Expression.UnaryOperator.MINUS && u.operand() instanceof Expression.NumericLiteral n
                && n.kind() != Expression.NumericKind.APPROXIMATE) {
            // a negative literal, typed by its value as H2 does (-2147483648 is an INTEGER)
            return numeric(new Expression.NumericLiteral("-" + n.text(), n.kind()));
        }
        Node operand = node(u.operand(), scope);
        return switch (u.operator()) {
            case NOT -> Predicates.not(operand);
            case PLUS -> {
                checkNumeric("+", operand);
                yield operand;
            }
            case MINUS -> {
                checkNumeric("-", operand);
                yield Node.of(operand.type(), operand.constant(), (row, ctx) -> Arithmetic.negate(operand.eval(row, ctx)));
            }
        };
    }

    private static void checkNumeric(String operation, Node operand) throws SQLException {
        Kind k = operand.type().kind();
        if (!k.isNumeric() && k != Kind.NULL && k != Kind.BOOLEAN) {
            throw SqlErrors.typeMismatch(operation, operand.type());
        }
    }

    private Node binary(Expression.Binary b, Scope scope) throws SQLException {
        Node l = node(b.left(), scope);
        Node r = node(b.right(), scope);
        BinaryOperator op = b.operator();
        boolean constant = Node.allConstant(l, r);
        return switch (op) {
            case AND -> Predicates.and(l, r);
            case OR -> Predicates.or(l, r);
            case EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> Predicates.compare(op, l, r);
            case CONCAT -> concat(l, r, constant);
            case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> {
                ColumnType type = Arithmetic.resultType(op, l.type(), r.type());
                ColumnType lt = l.type();
                ColumnType rt = r.type();
                yield Node.of(type, constant, (row, ctx) -> Arithmetic.apply(op, l.eval(row, ctx), lt, r.eval(row, ctx), rt));
            }
        };
    }

    private static Node concat(Node l, Node r, boolean constant) {
        Kind lk = l.type().kind();
        Kind rk = r.type().kind();
        boolean binary = lk.isBinary() && (rk.isBinary() || rk == Kind.NULL) || rk.isBinary() && lk == Kind.NULL;
        ColumnType type = binary ? ColumnType.varbinary(l.type().precision() + r.type().precision())
                : ColumnType.varchar(l.type().precision() + r.type().precision());
        return Node.of(type, constant, (row, ctx) -> {
            Object a = l.eval(row, ctx);
            Object b = r.eval(row, ctx);
            if (a == null || b == null) {
                return null;
            }
            if (a instanceof byte[] x && b instanceof byte[] y) {
                byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
                System.arraycopy(y, 0, out, x.length, y.length);
                return out;
            }
            return Casts.toText(a).concat(Casts.toText(b));
        });
    }

    private static Node cast(Node operand, ColumnType to) {
        return Node.of(to, operand.constant(), (row, ctx) -> Casts.cast(operand.eval(row, ctx), to), true);
    }

    private Node call(Expression.FunctionCall f, Scope scope) throws SQLException {
        String name = f.name().toUpperCase(java.util.Locale.ROOT);
        if (isAggregate(name)) {
            ColumnBinding b = scope.aggregateSlot(f);
            int index = b.index();
            return Node.of(b.type(), false, (row, ctx) -> row.get(index));
        }
        if (f.star() || f.distinct()) {
            throw SqlErrors.notAllowed((f.star() ? "*" : "DISTINCT") + " is only allowed in aggregate functions: " + name);
        }
        List<Node> args = nodes(unitArguments(name, f.arguments()), scope);
        switch (name) {
            case "COALESCE" -> {
                return Conditionals.coalesce(args);
            }
            case "NULLIF" -> {
                checkCount(name, args, 2, 2);
                return Conditionals.nullIf(args.get(0), args.get(1));
            }
            default -> {
            }
        }
        ScalarFunction registered = functions.scalar(name);
        ScalarFunction fn = registered != null || routines == null ? registered : routines.scalar(name);
        if (fn == null) {
            throw SqlErrors.functionNotFound(name);
        }
        checkCount(name, args, fn.minArguments(), fn.maxArguments());
        List<ColumnType> types = args.stream().map(Node::type).toList();
        Object[] constants = new Object[args.size()];
        for (int i = 0; i < constants.length; i++) {
            constants[i] = args.get(i).folded() ? args.get(i).value() : ScalarFunction.NOT_CONSTANT;
        }
        ColumnType type = fn.resultType(types, constants);
        Node[] argv = args.toArray(Node[]::new);
        Class<?> carrier = type.sqlType() == null ? Object.class : type.sqlType().javaClass();
        Kind kind = type.kind();
        return Node.of(type, fn.deterministic() && Node.allConstant(argv), (row, ctx) -> {
            Object[] values = new Object[argv.length];
            for (int i = 0; i < argv.length; i++) {
                values[i] = argv[i].eval(row, ctx);
            }
            return conform(fn.apply(values, ctx), carrier, kind);
        });
    }

    /**
     * The first argument of DATEADD/DATEDIFF/TIMESTAMPADD/TIMESTAMPDIFF is a datetime unit; written
     * as a bare word ({@code DATEADD(DAY, 1, d)}) it parses as a column reference and is read here
     * as the string {@code 'DAY'}, as H2 does.
     */
    private static List<Expression> unitArguments(String name, List<Expression> args) {
        if (!UNIT_FUNCTIONS.contains(name) || args.isEmpty()
                || !(args.getFirst() instanceof Expression.ColumnRef c) || c.parts().size() != 1) {
            return args;
        }
        List<Expression> out = new ArrayList<>(args);
        out.set(0, new Expression.StringLiteral(c.column()));
        return out;
    }

    /** A function result in the carrier of its declared type (functions may return a wider or looser value). */
    private static Object conform(Object value, Class<?> carrier, Kind kind) throws SQLException {
        return value == null || carrier.isInstance(value) ? value : Casts.coerce(value, kind);
    }

    private static void checkCount(String name, List<Node> args, int min, int max) throws SQLException {
        if (args.size() < min || args.size() > max) {
            throw SqlErrors.argumentCount(name, min, max);
        }
    }
}
