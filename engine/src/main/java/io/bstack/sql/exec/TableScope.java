package io.bstack.sql.exec;

import io.bstack.btree.ColumnDef;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.DataType;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Query;
import io.bstack.sql.eval.ColumnBinding;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.CompiledSubquery;
import io.bstack.sql.eval.SqlErrors;
import io.bstack.sql.parse.Parser;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The names one table's row makes visible: {@code col}, {@code t.col} (by its alias, or its name
 * when it has none) and {@code schema.t.col}; the row is the table's row, column by column. Without
 * a table it resolves no column at all (for VALUES and SELECT without FROM). The row of a DML
 * statement; a subquery in it reads this row as its outer row.
 */
final class TableScope implements Layout {
    private final TableDef table;
    private final String qualifier;
    private final List<ColumnType> types;
    private final Planner planner;

    private TableScope(TableDef table, String alias, List<ColumnType> types, Planner planner) {
        this.table = table;
        this.qualifier = alias != null ? alias : table == null ? null : table.name();
        this.types = types;
        this.planner = planner;
    }

    static TableScope none() {
        return none(null);
    }

    /** No columns; subqueries planned by {@code planner} (null: refused). */
    static TableScope none(Planner planner) {
        return new TableScope(null, null, List.of(), planner);
    }

    static TableScope of(TableDef table, String alias) throws SQLException {
        return of(table, alias, null);
    }

    /** The scope of one table's row; subqueries in it are planned by {@code planner} (null: refused). */
    static TableScope of(TableDef table, String alias, Planner planner) throws SQLException {
        List<ColumnType> types = new ArrayList<>();
        for (ColumnDef c : table.columns()) {
            types.add(declaredType(c));
        }
        return new TableScope(table, alias, types, planner);
    }

    @Override
    public int width() {
        return types.size();
    }

    /** A column's declared type, read back from its SQL text. */
    static ColumnType declaredType(ColumnDef c) throws SQLException {
        ColumnType known = DECLARED.get(c.declared());
        if (known != null) {
            return known;
        }
        var st = Parser.parse("CREATE TABLE x (c " + c.declared() + ")");
        DataType dt = ((io.bstack.sql.ast.Statement.CreateTable) st).columns().get(0).type();
        ColumnType type = ColumnType.of(dt);
        if (DECLARED.size() < 4096) {
            DECLARED.put(c.declared(), type);
        }
        return type;
    }

    /** Declared type texts already read (every statement reads its tables' column types). */
    private static final java.util.concurrent.ConcurrentHashMap<String, ColumnType> DECLARED =
            new java.util.concurrent.ConcurrentHashMap<>();

    List<ColumnType> types() {
        return types;
    }

    @Override
    public ColumnBinding resolve(Expression.ColumnRef column) throws SQLException {
        List<String> p = column.parts();
        String name = p.get(p.size() - 1);
        boolean qualifierMatches = switch (p.size()) {
            case 1 -> true;
            case 2 -> p.get(0).equals(qualifier);
            case 3 -> table != null && p.get(0).equals(table.schema()) && p.get(1).equals(table.name());
            default -> false;
        };
        if (table != null && qualifierMatches) {
            for (int i = 0; i < table.columns().size(); i++) {
                if (table.columns().get(i).name().equals(name)) {
                    return new ColumnBinding(i, types.get(i));
                }
            }
        }
        throw SqlErrors.columnNotFound(String.join(".", p));
    }

    @Override
    public ColumnBinding aggregateSlot(Expression.FunctionCall aggregate) throws SQLException {
        throw new SQLFeatureNotSupportedException("aggregate " + aggregate.name() + " is not executed by this version"
                + " yet", "0A000");
    }

    @Override
    public CompiledSubquery compileSubquery(Query query) throws SQLException {
        if (planner == null) {
            throw new SQLFeatureNotSupportedException("subqueries are not executed here by this version yet", "0A000");
        }
        return PreparedSubquery.of(planner, query, this);
    }
}
