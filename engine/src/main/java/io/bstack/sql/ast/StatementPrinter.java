package io.bstack.sql.ast;

import static io.bstack.sql.ast.AstPrinter.identifier;
import static io.bstack.sql.ast.AstPrinter.name;

import java.util.List;
import java.util.stream.Collectors;

/** The statement half of {@link AstPrinter}: canonical SQL for DDL, DML and transaction control. */
final class StatementPrinter {
    private StatementPrinter() {
    }

    private static String identifiers(List<String> names) {
        return names.stream().map(AstPrinter::identifier).collect(Collectors.joining(", "));
    }

    private static String expressions(List<Expression> list) {
        return list.stream().map(AstPrinter::print).collect(Collectors.joining(", "));
    }

    static String print(Statement s) {
        return switch (s) {
            case Statement.QueryStatement q -> AstPrinter.print(q.query());
            case Statement.CreateTable c -> createTable(c);
            case Statement.DropTable d -> "DROP TABLE " + ifExists(d.ifExists()) + name(d.name()) + behavior(d.behavior());
            case Statement.CreateIndex c -> "CREATE " + (c.unique() ? "UNIQUE " : "") + "INDEX "
                    + ifNotExists(c.ifNotExists()) + name(c.name()) + " ON " + name(c.table()) + " ("
                    + c.columns().stream().map(i -> identifier(i.column()) + (i.descending() ? " DESC" : ""))
                            .collect(Collectors.joining(", ")) + ")";
            case Statement.DropIndex d -> "DROP INDEX " + ifExists(d.ifExists()) + name(d.name());
            case Statement.AlterTable a -> "ALTER TABLE " + name(a.name()) + " " + alterAction(a.action());
            case Statement.CreateSchema c -> "CREATE SCHEMA " + ifNotExists(c.ifNotExists()) + identifier(c.name());
            case Statement.DropSchema d -> "DROP SCHEMA " + ifExists(d.ifExists()) + identifier(d.name())
                    + behavior(d.behavior());
            case Statement.CreateView v -> "CREATE " + (v.orReplace() ? "OR REPLACE " : "") + "VIEW "
                    + ifNotExists(v.ifNotExists()) + name(v.name())
                    + (v.columns().isEmpty() ? "" : " (" + identifiers(v.columns()) + ")")
                    + " AS " + AstPrinter.print(v.query());
            case Statement.DropView d -> "DROP VIEW " + ifExists(d.ifExists()) + name(d.name()) + behavior(d.behavior());
            case Statement.CreateSequence c -> "CREATE SEQUENCE " + ifNotExists(c.ifNotExists()) + name(c.name())
                    + (c.start() == null ? "" : " START WITH " + c.start())
                    + (c.increment() == null ? "" : " INCREMENT BY " + c.increment());
            case Statement.DropSequence d -> "DROP SEQUENCE " + ifExists(d.ifExists()) + name(d.name())
                    + behavior(d.behavior());
            case Statement.Truncate t -> "TRUNCATE TABLE " + name(t.name());
            case Statement.Analyze a -> "ANALYZE" + (a.table() == null ? "" : " TABLE " + name(a.table()))
                    + (a.sampleSize() == 0 ? "" : " SAMPLE_SIZE " + a.sampleSize());
            case Statement.CreateFunction f -> "CREATE " + (f.aggregate() ? "AGGREGATE " : "FUNCTION ")
                    + ifNotExists(f.ifNotExists()) + identifier(f.name()) + (f.deterministic() ? " DETERMINISTIC" : "")
                    + " FOR " + AstPrinter.print(new Expression.StringLiteral(f.target()));
            case Statement.DropFunction f -> "DROP " + (f.aggregate() ? "AGGREGATE " : "FUNCTION ") + ifExists(f.ifExists())
                    + identifier(f.name());
            case Statement.Insert i -> "INSERT INTO " + name(i.table())
                    + (i.columns().isEmpty() ? "" : " (" + identifiers(i.columns()) + ")")
                    + (i.source() == null ? " DEFAULT VALUES" : " " + AstPrinter.print(i.source()));
            case Statement.Update u -> "UPDATE " + name(u.table()) + alias(u.alias()) + " SET "
                    + assignments(u.assignments()) + where(u.where());
            case Statement.Delete d -> "DELETE FROM " + name(d.table()) + alias(d.alias()) + where(d.where());
            case Statement.Merge m -> merge(m);
            case Statement.Begin b -> "BEGIN TRANSACTION";
            case Statement.Commit c -> "COMMIT";
            case Statement.Rollback r -> r.savepoint() == null ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT " + identifier(r.savepoint());
            case Statement.Savepoint sp -> "SAVEPOINT " + identifier(sp.name());
            case Statement.ReleaseSavepoint r -> "RELEASE SAVEPOINT " + identifier(r.name());
            case Statement.SetTransactionIsolation t -> "SET TRANSACTION ISOLATION LEVEL " + t.level().sql();
            case Statement.Explain e -> "EXPLAIN " + print(e.statement());
            case Statement.Call c -> "CALL " + AstPrinter.print(c.expression());
            case Statement.SetSchema ss -> "SET SCHEMA " + identifier(ss.name());
            case Statement.Shutdown sd -> "SHUTDOWN";
        };
    }

    private static String ifExists(boolean b) {
        return b ? "IF EXISTS " : "";
    }

    private static String ifNotExists(boolean b) {
        return b ? "IF NOT EXISTS " : "";
    }

    private static String behavior(Statement.DropBehavior b) {
        return b == Statement.DropBehavior.DEFAULT ? "" : " " + b.name();
    }

    private static String alias(String alias) {
        return alias == null ? "" : " AS " + identifier(alias);
    }

    private static String where(Expression where) {
        return where == null ? "" : " WHERE " + AstPrinter.print(where);
    }

    private static String assignments(List<Assignment> list) {
        return list.stream().map(a -> identifier(a.column()) + " = " + AstPrinter.print(a.value()))
                .collect(Collectors.joining(", "));
    }

    private static String createTable(Statement.CreateTable c) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(ifNotExists(c.ifNotExists()))
                .append(name(c.name())).append(" (");
        String elements = java.util.stream.Stream.concat(
                c.columns().stream().map(StatementPrinter::column),
                c.constraints().stream().map(StatementPrinter::tableConstraint)).collect(Collectors.joining(", "));
        return sb.append(elements).append(')').toString();
    }

    static String column(ColumnDefinition d) {
        StringBuilder sb = new StringBuilder(identifier(d.name())).append(' ').append(AstPrinter.print(d.type()));
        for (ColumnConstraint c : d.constraints()) {
            sb.append(' ').append(columnConstraint(c));
        }
        return sb.toString();
    }

    private static String constraintName(String name) {
        return name == null ? "" : "CONSTRAINT " + identifier(name) + " ";
    }

    private static String columnConstraint(ColumnConstraint c) {
        return switch (c) {
            case ColumnConstraint.NotNull n -> constraintName(n.constraintName()) + "NOT NULL";
            case ColumnConstraint.Nullable n -> "NULL";
            case ColumnConstraint.Default d -> "DEFAULT " + AstPrinter.print(d.value());
            case ColumnConstraint.PrimaryKey p -> constraintName(p.constraintName()) + "PRIMARY KEY";
            case ColumnConstraint.Unique u -> constraintName(u.constraintName()) + "UNIQUE";
            case ColumnConstraint.Check k -> constraintName(k.constraintName()) + "CHECK (" + AstPrinter.print(k.condition()) + ")";
            case ColumnConstraint.References r -> constraintName(r.constraintName()) + "REFERENCES " + target(r.target());
            case ColumnConstraint.Identity i -> "GENERATED " + (i.always() ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY"
                    + identityOptions(i);
            case ColumnConstraint.AutoIncrement a -> "AUTO_INCREMENT";
        };
    }

    private static String identityOptions(ColumnConstraint.Identity i) {
        if (i.start() == null && i.increment() == null) {
            return "";
        }
        String start = i.start() == null ? "" : "START WITH " + i.start();
        String increment = i.increment() == null ? "" : "INCREMENT BY " + i.increment();
        return " (" + (start + " " + increment).strip() + ")";
    }

    private static String target(ForeignKeyTarget t) {
        return name(t.table()) + (t.columns().isEmpty() ? "" : " (" + identifiers(t.columns()) + ")")
                + (t.onDelete() == null ? "" : " ON DELETE " + t.onDelete().sql())
                + (t.onUpdate() == null ? "" : " ON UPDATE " + t.onUpdate().sql());
    }

    static String tableConstraint(TableConstraint c) {
        String prefix = constraintName(c.name());
        return prefix + switch (c) {
            case TableConstraint.PrimaryKey p -> "PRIMARY KEY (" + identifiers(p.columns()) + ")";
            case TableConstraint.Unique u -> "UNIQUE (" + identifiers(u.columns()) + ")";
            case TableConstraint.Check k -> "CHECK (" + AstPrinter.print(k.condition()) + ")";
            case TableConstraint.ForeignKey f -> "FOREIGN KEY (" + identifiers(f.columns()) + ") REFERENCES "
                    + target(f.target());
        };
    }

    private static String alterAction(AlterAction a) {
        return switch (a) {
            case AlterAction.AddColumn c -> "ADD COLUMN " + column(c.column());
            case AlterAction.DropColumn d -> "DROP COLUMN " + identifier(d.column());
            case AlterAction.RenameColumn r -> "RENAME COLUMN " + identifier(r.from()) + " TO " + identifier(r.to());
            case AlterAction.AddConstraint c -> "ADD " + tableConstraint(c.constraint());
            case AlterAction.DropConstraint d -> "DROP CONSTRAINT " + identifier(d.name());
            case AlterAction.RenameTable r -> "RENAME TO " + identifier(r.newName());
        };
    }

    private static String merge(Statement.Merge m) {
        StringBuilder sb = new StringBuilder("MERGE INTO ").append(name(m.target())).append(alias(m.alias()))
                .append(" USING ").append(AstPrinter.print(m.source())).append(" ON ")
                .append(AstPrinter.print(m.condition()));
        for (MergeClause c : m.clauses()) {
            sb.append(c instanceof MergeClause.NotMatchedInsert ? " WHEN NOT MATCHED" : " WHEN MATCHED");
            if (c.condition() != null) {
                sb.append(" AND ").append(AstPrinter.print(c.condition()));
            }
            sb.append(" THEN ").append(switch (c) {
                case MergeClause.MatchedUpdate u -> "UPDATE SET " + assignments(u.assignments());
                case MergeClause.MatchedDelete d -> "DELETE";
                case MergeClause.NotMatchedInsert i -> "INSERT"
                        + (i.columns().isEmpty() ? "" : " (" + identifiers(i.columns()) + ")")
                        + " VALUES (" + expressions(i.values()) + ")";
            });
        }
        return sb.toString();
    }
}
