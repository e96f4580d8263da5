package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.IndexDef;
import io.bstack.btree.Table;
import io.bstack.btree.SequenceDef;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.ColumnConstraint;
import io.bstack.sql.ast.ColumnDefinition;
import io.bstack.sql.ast.TableConstraint;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ALTER TABLE t ADD [COLUMN] definition}: the column is appended; existing rows take its
 * DEFAULT (evaluated for each row, so a sequence gives each its own value) or NULL — a NOT NULL
 * column without a DEFAULT cannot be added to a table with rows ({@code 23502}), as in H2. Its
 * UNIQUE, CHECK, REFERENCES and PRIMARY KEY constraints are then added as ALTER TABLE ADD CONSTRAINT
 * adds them (checked against the rows). An identity column ({@code GENERATED ... AS IDENTITY},
 * {@code AUTO_INCREMENT}) gets its own sequence, and the existing rows take its values in key
 * order, as H2 numbers them; a duplicate name is {@code 42S21}. One statement per instance; not thread-safe.
 */
final class ColumnAddition {
    private final Catalog catalog;
    private final AlterTableExecutor alter;
    private final ExpressionCompiler compiler;

    ColumnAddition(Catalog catalog, AlterTableExecutor alter, ExpressionCompiler compiler) {
        this.catalog = catalog;
        this.alter = alter;
        this.compiler = compiler;
    }

    void add(Table table, ColumnDefinition col) throws SQLException, IOException {
        TableDef def = table.def();
        if (def.columns().stream().anyMatch(c -> c.name().equals(col.name()))) {
            throw new SQLSyntaxErrorException("duplicate column " + col.name() + " in table " + def.name(), "42S21");
        }
        ColumnType type = ColumnType.of(col.type());
        if (type.sqlType() == null) {
            throw new SQLSyntaxErrorException("column " + col.name() + " has no storable type", "42000");
        }
        boolean nullable = true;
        String defaultSql = null;
        List<TableConstraint> constraints = new ArrayList<>();
        SequenceDef identity = null;
        boolean always = false;
        for (ColumnConstraint k : col.constraints()) {
            switch (k) {
                case ColumnConstraint.NotNull n -> nullable = false;
                case ColumnConstraint.Nullable n -> nullable = true;
                case ColumnConstraint.Default d -> defaultSql = AstPrinter.print(d.value());
                case ColumnConstraint.Unique u -> constraints.add(new TableConstraint.Unique(u.constraintName(),
                        List.of(col.name())));
                case ColumnConstraint.Check c -> constraints.add(new TableConstraint.Check(c.constraintName(),
                        c.condition()));
                case ColumnConstraint.References r -> constraints.add(new TableConstraint.ForeignKey(r.constraintName(),
                        List.of(col.name()), r.target()));
                case ColumnConstraint.PrimaryKey p -> constraints.add(new TableConstraint.PrimaryKey(p.constraintName(),
                        List.of(col.name())));
                case ColumnConstraint.Identity i -> {
                    identity = DdlExecutor.identity(def.schema(), def.name(), col.name(), i.start(), i.increment());
                    always = i.always();
                }
                case ColumnConstraint.AutoIncrement a -> identity = DdlExecutor.identity(def.schema(), def.name(),
                        col.name(), null, null);
            }
        }
        if (identity != null) {
            if (defaultSql != null) {
                throw new SQLSyntaxErrorException("identity column " + col.name() + " cannot have a DEFAULT", "42000");
            }
            if (identity.increment() == 0) {
                throw new SQLSyntaxErrorException("identity column " + col.name() + ": INCREMENT BY 0", "42000");
            }
            if (catalog.sequence(def.schema(), identity.name()) != null) {
                throw new SQLSyntaxErrorException("sequence " + identity.name() + " for identity column " + col.name()
                        + " already exists", "42S01");
            }
            catalog.createSequence(identity);
            defaultSql = DdlExecutor.identityDefault(def.schema(), def.name(), col.name());
            nullable = false;
        }
        ColumnDef column = new ColumnDef(col.name(), type.sqlType(), nullable, defaultSql, type.sqlName(), always);
        if (!table.cursor().first() || defaultSql == null && nullable) {
            catalog.addColumn(def.schema(), def.name(), column); // no row, or every row reads NULL
        } else if (defaultSql == null) {
            throw new SQLIntegrityConstraintViolationException("NULL not allowed for column \"" + col.name()
                    + "\" of table " + def.name() + ": its rows have no value for it and it has no DEFAULT", "23502");
        } else {
            fill(def, column, type);
        }
        for (TableConstraint c : constraints) {
            alter.addConstraint(catalog.table(def.schema(), def.name()), c);
        }
    }

    /** Rewrites the table with the column appended, each row taking its DEFAULT. */
    private void fill(TableDef def, ColumnDef column, ColumnType type) throws SQLException, IOException {
        Evaluator value = compiler.compile(InsertExecutor.expression(column.defaultSql()), TableScope.none());
        StatementContext ctx = new StatementContext(catalog, def.schema(), List.of());
        List<ColumnDef> columns = new ArrayList<>(def.columns());
        columns.add(column);
        List<IndexDef> indexes = new ArrayList<>();
        for (IndexDef i : catalog.indexDefs(def.schema(), def.name())) {
            indexes.add(new IndexDef(i.schema(), i.name(), i.table(), i.columns(), i.descending(), i.unique(), 0));
        }
        alter.rewrite(def, new TableDef(def.schema(), def.name(), columns, def.primaryKey(), def.constraintsSql(), 0),
                row -> {
                    Object[] n = Arrays.copyOf(row, row.length + 1);
                    n[row.length] = Casts.assign(value.eval(Row.EMPTY, ctx), type);
                    if (n[row.length] == null && !column.nullable()) {
                        throw new SQLIntegrityConstraintViolationException("NULL not allowed for column \""
                                + column.name() + "\" of table " + def.name(), "23502");
                    }
                    return n;
                }, indexes);
    }
}
