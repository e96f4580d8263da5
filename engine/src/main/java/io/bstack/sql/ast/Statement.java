package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/** One SQL statement. Nullable components are documented per record; lists are never null. */
public sealed interface Statement {

    /** {@code CASCADE} / {@code RESTRICT} on DROP; DEFAULT when not written. */
    enum DropBehavior { DEFAULT, CASCADE, RESTRICT }

    /** Isolation levels of SET TRANSACTION. */
    enum IsolationLevel {
        READ_UNCOMMITTED("READ UNCOMMITTED"), READ_COMMITTED("READ COMMITTED"),
        REPEATABLE_READ("REPEATABLE READ"), SERIALIZABLE("SERIALIZABLE");

        private final String sql;

        IsolationLevel(String sql) {
            this.sql = sql;
        }

        /** @return the SQL spelling */
        public String sql() {
            return sql;
        }
    }

    /** A query run as a statement. */
    record QueryStatement(Query query) implements Statement {
        public QueryStatement {
            Objects.requireNonNull(query);
        }
    }

    /** {@code CREATE TABLE [IF NOT EXISTS] name (columns, constraints)}. */
    record CreateTable(QualifiedName name, boolean ifNotExists, List<ColumnDefinition> columns,
                       List<TableConstraint> constraints) implements Statement {
        public CreateTable {
            Objects.requireNonNull(name);
            columns = List.copyOf(columns);
            constraints = List.copyOf(constraints);
        }
    }

    /** {@code DROP TABLE [IF EXISTS] name [CASCADE|RESTRICT]}. */
    record DropTable(QualifiedName name, boolean ifExists, DropBehavior behavior) implements Statement {
        public DropTable {
            Objects.requireNonNull(name);
            Objects.requireNonNull(behavior);
        }
    }

    /** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (columns)}. */
    record CreateIndex(boolean unique, boolean ifNotExists, QualifiedName name, QualifiedName table,
                       List<IndexColumn> columns) implements Statement {
        public CreateIndex {
            Objects.requireNonNull(name);
            Objects.requireNonNull(table);
            columns = List.copyOf(columns);
        }
    }

    /** {@code DROP INDEX [IF EXISTS] name}. */
    record DropIndex(QualifiedName name, boolean ifExists) implements Statement {
        public DropIndex {
            Objects.requireNonNull(name);
        }
    }

    /** {@code ALTER TABLE name action}. */
    record AlterTable(QualifiedName name, AlterAction action) implements Statement {
        public AlterTable {
            Objects.requireNonNull(name);
            Objects.requireNonNull(action);
        }
    }

    /** {@code CREATE SCHEMA [IF NOT EXISTS] name}. */
    record CreateSchema(String name, boolean ifNotExists) implements Statement {
        public CreateSchema {
            Objects.requireNonNull(name);
        }
    }

    /** {@code DROP SCHEMA [IF EXISTS] name [CASCADE|RESTRICT]}. */
    record DropSchema(String name, boolean ifExists, DropBehavior behavior) implements Statement {
        public DropSchema {
            Objects.requireNonNull(name);
            Objects.requireNonNull(behavior);
        }
    }

    /** {@code CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(columns)] AS query}. */
    record CreateView(boolean orReplace, boolean ifNotExists, QualifiedName name, List<String> columns,
                      Query query) implements Statement {
        public CreateView {
            Objects.requireNonNull(name);
            columns = List.copyOf(columns);
            Objects.requireNonNull(query);
        }
    }

    /** {@code DROP VIEW [IF EXISTS] name [CASCADE|RESTRICT]}. */
    record DropView(QualifiedName name, boolean ifExists, DropBehavior behavior) implements Statement {
        public DropView {
            Objects.requireNonNull(name);
            Objects.requireNonNull(behavior);
        }
    }

    /** {@code CREATE SEQUENCE [IF NOT EXISTS] name [START WITH n] [INCREMENT BY m]}; null when not written. */
    record CreateSequence(QualifiedName name, boolean ifNotExists, Long start, Long increment)
            implements Statement {
        public CreateSequence {
            Objects.requireNonNull(name);
        }
    }

    /** {@code DROP SEQUENCE [IF EXISTS] name [CASCADE|RESTRICT]}. */
    record DropSequence(QualifiedName name, boolean ifExists, DropBehavior behavior) implements Statement {
        public DropSequence {
            Objects.requireNonNull(name);
            Objects.requireNonNull(behavior);
        }
    }

    /**
     * {@code ANALYZE [[TABLE] name] [SAMPLE_SIZE n]}: gathers the planner's statistics for one table or
     * (no name) every table; {@code sampleSize} 0 reads every row.
     */
    record Analyze(QualifiedName table, long sampleSize) implements Statement {
        public Analyze {
            if (sampleSize < 0) {
                throw new IllegalArgumentException("negative sample size: " + sampleSize);
            }
        }
    }

    /**
     * {@code CREATE FUNCTION [IF NOT EXISTS] name [DETERMINISTIC] FOR 'com.example.Cls.method'} or
     * ({@code aggregate}) {@code CREATE AGGREGATE [IF NOT EXISTS] name FOR 'com.example.Cls'}; the
     * target is the string as written.
     */
    record CreateFunction(String name, boolean ifNotExists, boolean aggregate, boolean deterministic, String target)
            implements Statement {
        public CreateFunction {
            Objects.requireNonNull(name);
            Objects.requireNonNull(target);
        }
    }

    /** {@code DROP FUNCTION [IF EXISTS] name} or ({@code aggregate}) {@code DROP AGGREGATE [IF EXISTS] name}. */
    record DropFunction(String name, boolean ifExists, boolean aggregate) implements Statement {
        public DropFunction {
            Objects.requireNonNull(name);
        }
    }

    /** {@code TRUNCATE TABLE name}. */
    record Truncate(QualifiedName name) implements Statement {
        public Truncate {
            Objects.requireNonNull(name);
        }
    }

    /** {@code INSERT INTO table [(columns)] source}; {@code source} null means {@code DEFAULT VALUES}. */
    record Insert(QualifiedName table, List<String> columns, Query source) implements Statement {
        public Insert {
            Objects.requireNonNull(table);
            columns = List.copyOf(columns);
        }
    }

    /** {@code UPDATE table [[AS] alias] SET ... [WHERE ...]}; alias and where may be null. */
    record Update(QualifiedName table, String alias, List<Assignment> assignments, Expression where)
            implements Statement {
        public Update {
            Objects.requireNonNull(table);
            assignments = List.copyOf(assignments);
        }
    }

    /** {@code DELETE FROM table [[AS] alias] [WHERE ...]}; alias and where may be null. */
    record Delete(QualifiedName table, String alias, Expression where) implements Statement {
        public Delete {
            Objects.requireNonNull(table);
        }
    }

    /** {@code MERGE INTO target [[AS] alias] USING source ON condition WHEN ...}; alias may be null. */
    record Merge(QualifiedName target, String alias, TableRef source, Expression condition,
                 List<MergeClause> clauses) implements Statement {
        public Merge {
            Objects.requireNonNull(target);
            Objects.requireNonNull(source);
            Objects.requireNonNull(condition);
            clauses = List.copyOf(clauses);
        }
    }

    /** {@code BEGIN [TRANSACTION]} or {@code START TRANSACTION}. */
    record Begin() implements Statement {
    }

    /** {@code COMMIT [WORK]}. */
    record Commit() implements Statement {
    }

    /** {@code ROLLBACK [WORK] [TO [SAVEPOINT] name]}; {@code savepoint} null for a full rollback. */
    record Rollback(String savepoint) implements Statement {
    }

    /** {@code SAVEPOINT name}. */
    record Savepoint(String name) implements Statement {
        public Savepoint {
            Objects.requireNonNull(name);
        }
    }

    /** {@code RELEASE [SAVEPOINT] name}. */
    record ReleaseSavepoint(String name) implements Statement {
        public ReleaseSavepoint {
            Objects.requireNonNull(name);
        }
    }

    /** {@code SET TRANSACTION ISOLATION LEVEL level}. */
    record SetTransactionIsolation(IsolationLevel level) implements Statement {
        public SetTransactionIsolation {
            Objects.requireNonNull(level);
        }
    }

    /** {@code EXPLAIN statement}. */
    record Explain(Statement statement) implements Statement {
        public Explain {
            Objects.requireNonNull(statement);
        }
    }

    /** {@code CALL expression}: one row, one column, the expression's value (as H2). */
    record Call(Expression expression) implements Statement {
        public Call {
            Objects.requireNonNull(expression);
        }
    }

    /** {@code SET SCHEMA name}: where unqualified names resolve from now on in this session. */
    record SetSchema(String name) implements Statement {
        public SetSchema {
            Objects.requireNonNull(name);
        }
    }

    /** {@code SHUTDOWN}: closes the database, and every connection to it. */
    record Shutdown() implements Statement {
    }
}
