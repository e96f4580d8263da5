package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.AlterAction;
import io.bstack.sql.ast.ColumnDefinition;
import io.bstack.sql.ast.IndexColumn;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.ast.TableConstraint;
import java.util.ArrayList;
import java.util.List;

/** CREATE, DROP, ALTER TABLE and TRUNCATE statements (the leading keyword already consumed). */
final class DdlParser {
    private final TokenStream ts;
    private final QueryParser queries;
    private final ConstraintParser constraints;

    DdlParser(TokenStream ts, QueryParser queries) {
        this.ts = ts;
        this.queries = queries;
        this.constraints = new ConstraintParser(ts, queries.expressions());
    }

    /** After CREATE. */
    Statement create() throws SqlSyntaxException {
        boolean orReplace = ts.acceptSequence("OR", "REPLACE");
        if (orReplace) {
            ts.expect("VIEW");
            return createView(true);
        }
        if (ts.accept("TABLE")) {
            return createTable();
        }
        if (ts.accept("UNIQUE")) {
            ts.expect("INDEX");
            return createIndex(true);
        }
        if (ts.accept("INDEX")) {
            return createIndex(false);
        }
        if (ts.accept("VIEW")) {
            return createView(false);
        }
        if (ts.accept("SCHEMA")) {
            boolean ifNotExists = ifNotExists();
            return new Statement.CreateSchema(ts.identifier(), ifNotExists);
        }
        if (ts.accept("SEQUENCE")) {
            return createSequence();
        }
        if (ts.accept("FUNCTION")) {
            return createFunction(false);
        }
        if (ts.accept("AGGREGATE")) {
            return createFunction(true);
        }
        for (String feature : List.of("TRIGGER", "TEMP", "TEMPORARY", "LOCAL", "GLOBAL", "MEMORY", "CACHED",
                "ALIAS", "DOMAIN", "USER", "ROLE", "SYNONYM", "CONSTANT", "LINKED", "PROCEDURE")) {
            if (ts.check(feature)) {
                throw ts.unsupported("CREATE " + feature);
            }
        }
        throw ts.error();
    }

    private boolean ifNotExists() throws SqlSyntaxException {
        if (ts.accept("IF")) {
            ts.expect("NOT");
            ts.expect("EXISTS");
            return true;
        }
        return false;
    }

    private boolean ifExists() throws SqlSyntaxException {
        if (ts.accept("IF")) {
            ts.expect("EXISTS");
            return true;
        }
        return false;
    }

    private Statement createTable() throws SqlSyntaxException {
        boolean ifNotExists = ifNotExists();
        QualifiedName name = ts.qualifiedName();
        if (ts.check("AS")) {
            throw ts.unsupported("CREATE TABLE ... AS query");
        }
        ts.expect("(");
        List<ColumnDefinition> columns = new ArrayList<>();
        List<TableConstraint> tableConstraints = new ArrayList<>();
        do {
            if (constraints.atTableConstraint()) {
                tableConstraints.add(constraints.tableConstraint());
            } else {
                columns.add(constraints.columnDefinition());
            }
        } while (ts.accept(","));
        ts.expect(")");
        return new Statement.CreateTable(name, ifNotExists, columns, tableConstraints);
    }

    private Statement createIndex(boolean unique) throws SqlSyntaxException {
        boolean ifNotExists = ifNotExists();
        QualifiedName name = ts.qualifiedName();
        ts.expect("ON");
        QualifiedName table = ts.qualifiedName();
        ts.expect("(");
        List<IndexColumn> columns = new ArrayList<>();
        do {
            String column = ts.identifier();
            boolean descending = ts.accept("DESC");
            if (!descending) {
                ts.accept("ASC");
            }
            columns.add(new IndexColumn(column, descending));
        } while (ts.accept(","));
        ts.expect(")");
        return new Statement.CreateIndex(unique, ifNotExists, name, table, columns);
    }

    private Statement createView(boolean orReplace) throws SqlSyntaxException {
        boolean ifNotExists = ifNotExists();
        QualifiedName name = ts.qualifiedName();
        List<String> columns = ts.check("(") ? ts.identifierList() : List.of();
        ts.expect("AS");
        return new Statement.CreateView(orReplace, ifNotExists, name, columns, queries.query());
    }

    private Statement createSequence() throws SqlSyntaxException {
        boolean ifNotExists = ifNotExists();
        QualifiedName name = ts.qualifiedName();
        Long start = null;
        Long increment = null;
        while (true) {
            if (start == null && ts.accept("START")) {
                ts.accept("WITH");
                start = ts.signedInteger();
            } else if (increment == null && ts.accept("INCREMENT")) {
                ts.accept("BY");
                increment = ts.signedInteger();
            } else {
                return new Statement.CreateSequence(name, ifNotExists, start, increment);
            }
        }
    }

    /**
     * {@code FUNCTION [IF NOT EXISTS] name [DETERMINISTIC] FOR 'target'} or {@code AGGREGATE [IF NOT
     * EXISTS] name FOR 'target'}: the target is only ever a string naming Java code the application
     * allows, never source text.
     */
    private Statement createFunction(boolean aggregate) throws SqlSyntaxException {
        boolean ifNotExists = ifNotExists();
        String name = ts.identifier();
        boolean deterministic = !aggregate && ts.accept("DETERMINISTIC");
        ts.expect("FOR");
        if (ts.peek().kind() != TokenKind.STRING) {
            ts.expecting(aggregate ? "'class name'" : "'class.method'");
            throw ts.error();
        }
        return new Statement.CreateFunction(name, ifNotExists, aggregate, deterministic, ts.advance().text());
    }

    /** After DROP. */
    Statement drop() throws SqlSyntaxException {
        if (ts.accept("TABLE")) {
            boolean ifExists = ifExists();
            return new Statement.DropTable(ts.qualifiedName(), ifExists, dropBehavior());
        }
        if (ts.accept("INDEX")) {
            boolean ifExists = ifExists();
            return new Statement.DropIndex(ts.qualifiedName(), ifExists);
        }
        if (ts.accept("VIEW")) {
            boolean ifExists = ifExists();
            return new Statement.DropView(ts.qualifiedName(), ifExists, dropBehavior());
        }
        if (ts.accept("SCHEMA")) {
            boolean ifExists = ifExists();
            return new Statement.DropSchema(ts.identifier(), ifExists, dropBehavior());
        }
        if (ts.accept("SEQUENCE")) {
            boolean ifExists = ifExists();
            return new Statement.DropSequence(ts.qualifiedName(), ifExists, dropBehavior());
        }
        boolean function = ts.accept("FUNCTION");
        if (function || ts.accept("AGGREGATE")) {
            boolean aggregate = !function;
            boolean ifExists = ifExists();
            return new Statement.DropFunction(ts.identifier(), ifExists, aggregate);
        }
        if (ts.check("TRIGGER")) {
            throw ts.unsupported("DROP TRIGGER");
        }
        throw ts.error();
    }

    private Statement.DropBehavior dropBehavior() {
        if (ts.accept("CASCADE")) {
            return Statement.DropBehavior.CASCADE;
        }
        if (ts.accept("RESTRICT")) {
            return Statement.DropBehavior.RESTRICT;
        }
        return Statement.DropBehavior.DEFAULT;
    }

    /** After ALTER. */
    Statement alter() throws SqlSyntaxException {
        ts.expect("TABLE");
        QualifiedName name = ts.qualifiedName();
        return new Statement.AlterTable(name, alterAction());
    }

    private AlterAction alterAction() throws SqlSyntaxException {
        if (ts.accept("ADD")) {
            if (constraints.atTableConstraint()) {
                return new AlterAction.AddConstraint(constraints.tableConstraint());
            }
            ts.accept("COLUMN");
            return new AlterAction.AddColumn(constraints.columnDefinition());
        }
        if (ts.accept("DROP")) {
            if (ts.accept("CONSTRAINT")) {
                return new AlterAction.DropConstraint(ts.identifier());
            }
            ts.accept("COLUMN");
            return new AlterAction.DropColumn(ts.identifier());
        }
        if (ts.accept("RENAME")) {
            if (ts.accept("TO")) {
                return new AlterAction.RenameTable(ts.identifier());
            }
            ts.expect("COLUMN");
            String from = ts.identifier();
            ts.expect("TO");
            return new AlterAction.RenameColumn(from, ts.identifier());
        }
        throw ts.error();
    }

    /** After ANALYZE: {@code [[TABLE] name] [SAMPLE_SIZE n]}. */
    Statement analyze() throws SqlSyntaxException {
        boolean named = ts.accept("TABLE");
        QualifiedName table = null;
        TokenKind next = ts.peek().kind();
        if (named || (next == TokenKind.IDENTIFIER || next == TokenKind.QUOTED_IDENTIFIER) && !ts.check("SAMPLE_SIZE")) {
            table = ts.qualifiedName();
        }
        long sample = 0;
        if (ts.accept("SAMPLE_SIZE")) {
            sample = ts.signedInteger();
            if (sample < 0) {
                throw ts.error("SAMPLE_SIZE must not be negative");
            }
        }
        return new Statement.Analyze(table, sample);
    }

    /** After TRUNCATE. */
    Statement truncate() throws SqlSyntaxException {
        ts.expect("TABLE");
        return new Statement.Truncate(ts.qualifiedName());
    }
}
