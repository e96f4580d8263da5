package io.bstack.sql.routine;

import io.bstack.btree.Catalog;
import io.bstack.btree.FunctionDef;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.function.AggregateFunction;
import io.bstack.sql.function.FunctionClassAllowlist;
import io.bstack.sql.function.FunctionRegistry;
import io.bstack.sql.function.RoutineLookup;
import io.bstack.sql.function.ScalarFunction;
import java.io.IOException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The user functions of one statement: read from the catalog its transaction sees, when a call
 * names a function the registry lacks, and bound to Java under the session's
 * {@link FunctionClassAllowlist} at that moment (so a stored function whose class the connection
 * does not allow fails when called, with {@code 42501}, never when the database opens). Also runs
 * {@code CREATE FUNCTION}, {@code CREATE AGGREGATE} and their {@code DROP}s. Not thread-safe: one
 * instance per statement.
 *
 * <p>Errors beside {@link JavaTargets}'s: {@code 42723} a name a built-in function or another user
 * function has; {@code 42883} dropping a function that does not exist; {@code 42809} {@code DROP
 * FUNCTION} of an aggregate or {@code DROP AGGREGATE} of a scalar function; {@code HY000} a failed
 * catalog read.
 */
public final class UserRoutines implements RoutineLookup {

    /** How a statement reaches its catalog (opened only when a user function is looked up). */
    @FunctionalInterface
    public interface CatalogSource {
        Catalog open() throws IOException;
    }

    private final CatalogSource source;
    private final FunctionClassAllowlist allowed;
    private Catalog catalog;
    private final Map<String, Object> bound = new HashMap<>();

    /** The user functions {@code source}'s catalog holds, callable as {@code allowed} lets. */
    public UserRoutines(CatalogSource source, FunctionClassAllowlist allowed) {
        this.source = source;
        this.allowed = allowed;
    }

    private FunctionDef def(String name) throws SQLException {
        try {
            if (catalog == null) {
                catalog = source.open();
            }
            return catalog.function(name);
        } catch (IOException e) {
            throw new SQLException("cannot read function " + name + " from the catalog: " + e, "HY000", e);
        }
    }

    /** The function bound to Java, or null when there is none of that kind. */
    private Object bind(String name, boolean aggregate) throws SQLException {
        Object known = bound.get(name);
        if (known == null && !bound.containsKey(name)) {
            FunctionDef d = def(name);
            known = d == null ? null : d.aggregate() ? aggregate(d) : scalar(d);
            bound.put(name, known);
        }
        return aggregate == known instanceof AggregateFunction ? known : null;
    }

    @Override
    public ScalarFunction scalar(String name) throws SQLException {
        return (ScalarFunction) bind(name, false);
    }

    @Override
    public AggregateFunction aggregate(String name) throws SQLException {
        return (AggregateFunction) bind(name, true);
    }

    private ScalarFunction scalar(FunctionDef d) throws SQLException {
        JavaTargets.MethodTarget t = JavaTargets.methodTarget(d.target());
        return new JavaScalarFunction(d.name(), JavaTargets.methods(t, allowed, d.name()), d.deterministic());
    }

    private AggregateFunction aggregate(FunctionDef d) throws SQLException {
        return new JavaAggregateFunction(d.name(), JavaTargets.aggregate(JavaTargets.classTarget(d.target()), allowed,
                d.name()));
    }

    // ---------------------------------------------------------------- DDL

    /**
     * Runs {@code CREATE FUNCTION} / {@code CREATE AGGREGATE} in {@code catalog}: checks the name is
     * free (of built-ins in {@code builtins} too), the target is allowed and resolves, and records it.
     */
    public static void create(Catalog catalog, Statement.CreateFunction c, FunctionRegistry builtins,
            FunctionClassAllowlist allowed) throws SQLException, IOException {
        String name = c.name().toUpperCase(Locale.ROOT);
        if (builtins.scalar(name) != null || builtins.aggregate(name) != null
                || ExpressionCompiler.standardAggregates().contains(name) || SPECIAL.contains(name)) {
            throw new SQLSyntaxErrorException("function " + name + " is a built-in function: choose another name",
                    "42723");
        }
        if (catalog.function(name) != null) {
            if (c.ifNotExists()) {
                return;
            }
            throw new SQLSyntaxErrorException("function " + name + " already exists", "42723");
        }
        FunctionDef def;
        if (c.aggregate()) {
            JavaTargets.AggregateClass a = JavaTargets.aggregate(JavaTargets.classTarget(c.target()), allowed, name);
            def = new FunctionDef(name, true, c.target(), false, JavaTypes.name(JavaTypes.sqlType(a.result())), 1, 1);
        } else {
            NavigableMap<Integer, Method> methods = JavaTargets.methods(JavaTargets.methodTarget(c.target()), allowed,
                    name);
            String type = null;
            for (Method m : methods.values()) {
                ColumnType t = JavaTypes.sqlType(m.getReturnType());
                String n = JavaTypes.name(t);
                type = type == null || type.equals(n) ? n : "";
            }
            def = new FunctionDef(name, false, c.target(), c.deterministic(), type == null || type.isEmpty() ? null : type,
                    methods.firstKey(), methods.lastKey());
        }
        catalog.createFunction(def);
    }

    /** Functions the compiler handles itself, without a registry entry. */
    private static final java.util.Set<String> SPECIAL = java.util.Set.of("COALESCE", "NULLIF");

    /** Runs {@code DROP FUNCTION} / {@code DROP AGGREGATE} in {@code catalog}. */
    public static void drop(Catalog catalog, Statement.DropFunction d) throws SQLException, IOException {
        String name = d.name().toUpperCase(Locale.ROOT);
        FunctionDef def = catalog.function(name);
        if (def == null) {
            if (d.ifExists()) {
                return;
            }
            throw new SQLSyntaxErrorException((d.aggregate() ? "aggregate " : "function ") + name
                    + " does not exist", "42883");
        }
        if (def.aggregate() != d.aggregate()) {
            throw new SQLSyntaxErrorException(name + " is " + (def.aggregate() ? "an aggregate: DROP AGGREGATE"
                    : "not an aggregate: DROP FUNCTION") + " drops it", "42809");
        }
        catalog.dropFunction(name);
    }
}
