package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL parser: hand-written recursive descent over {@link Lexer} tokens, producing the immutable
 * AST of {@code io.bstack.sql.ast}. The dialect is standard SQL close to H2's default mode. Any
 * input it does not accept is a {@link SqlSyntaxException} naming the line, column and what was
 * expected (or the unsupported feature). Instances are single-use; use the static methods.
 */
public final class Parser {
    private final TokenStream ts;
    private final QueryParser queries;
    private final DdlParser ddl;
    private final DmlParser dml;

    private Parser(String sql) throws SqlSyntaxException {
        this.ts = new TokenStream(sql);
        this.queries = new QueryParser(ts);
        this.ddl = new DdlParser(ts, queries);
        this.dml = new DmlParser(ts, queries);
    }

    /**
     * Parses exactly one statement, optionally followed by {@code ;}.
     *
     * @throws SqlSyntaxException if the text is not one valid statement
     */
    public static Statement parse(String sql) throws SqlSyntaxException {
        Parser p = new Parser(sql);
        Statement s = p.statement();
        p.ts.accept(";");
        if (!p.ts.atEnd()) {
            p.ts.expecting("end of input");
            throw p.ts.error();
        }
        return s;
    }

    /**
     * Parses a script of statements separated by {@code ;} (empty statements are skipped).
     *
     * @throws SqlSyntaxException at the first invalid statement
     */
    public static List<Statement> parseStatements(String sql) throws SqlSyntaxException {
        Parser p = new Parser(sql);
        List<Statement> statements = new ArrayList<>();
        while (true) {
            while (p.ts.accept(";")) {
                // empty statement
            }
            if (p.ts.atEnd()) {
                return statements;
            }
            statements.add(p.statement());
            if (!p.ts.atEnd()) {
                p.ts.expect(";");
            }
        }
    }

    /** How many {@code ?} parameters {@code sql} has (the highest parameter number). */
    public static int parameterCount(String sql) throws SqlSyntaxException {
        int n = 0;
        for (Token t : Lexer.tokenize(sql)) {
            n = Math.max(n, t.parameterIndex());
        }
        return n;
    }

    private Statement statement() throws SqlSyntaxException {
        if (QueryParser.atQueryStart(ts, 0) || ts.check("(")) {
            return dml.query();
        }
        ts.expecting("SELECT");
        ts.expecting("VALUES");
        ts.expecting("(");
        if (ts.accept("INSERT")) {
            return dml.insert();
        }
        if (ts.accept("UPDATE")) {
            return dml.update();
        }
        if (ts.accept("DELETE")) {
            return dml.delete();
        }
        if (ts.accept("MERGE")) {
            return dml.merge();
        }
        if (ts.accept("CREATE")) {
            return ddl.create();
        }
        if (ts.accept("DROP")) {
            return ddl.drop();
        }
        if (ts.accept("ALTER")) {
            return ddl.alter();
        }
        if (ts.accept("TRUNCATE")) {
            return ddl.truncate();
        }
        if (ts.accept("EXPLAIN")) {
            return new Statement.Explain(statement());
        }
        return transactionControl();
    }

    private Statement transactionControl() throws SqlSyntaxException {
        if (ts.accept("BEGIN")) {
            if (!ts.accept("TRANSACTION")) {
                ts.accept("WORK");
            }
            return new Statement.Begin();
        }
        if (ts.accept("START")) {
            ts.expect("TRANSACTION");
            return new Statement.Begin();
        }
        if (ts.accept("COMMIT")) {
            if (!ts.accept("WORK")) {
                ts.accept("TRANSACTION");
            }
            return new Statement.Commit();
        }
        if (ts.accept("ROLLBACK")) {
            if (!ts.accept("WORK")) {
                ts.accept("TRANSACTION");
            }
            if (ts.accept("TO")) {
                ts.accept("SAVEPOINT");
                return new Statement.Rollback(ts.identifier());
            }
            return new Statement.Rollback(null);
        }
        if (ts.accept("SAVEPOINT")) {
            return new Statement.Savepoint(ts.identifier());
        }
        if (ts.accept("RELEASE")) {
            ts.accept("SAVEPOINT");
            return new Statement.ReleaseSavepoint(ts.identifier());
        }
        if (ts.accept("CALL")) {
            return new Statement.Call(queries.expressions().expression());
        }
        if (ts.accept("ANALYZE")) {
            return ddl.analyze();
        }
        if (ts.accept("SHUTDOWN")) {
            return new Statement.Shutdown();
        }
        if (ts.accept("SET")) {
            if (ts.accept("SCHEMA")) {
                return new Statement.SetSchema(ts.identifier());
            }
            ts.expect("TRANSACTION");
            ts.expect("ISOLATION");
            ts.expect("LEVEL");
            return new Statement.SetTransactionIsolation(isolationLevel());
        }
        for (String feature : List.of("WITH", "REINDEX", "REPLACE", "GRANT", "REVOKE", "VACUUM",
                "PRAGMA", "SHOW", "COMMENT")) {
            if (ts.check(feature)) {
                throw ts.unsupported(feature);
            }
        }
        ts.expecting("statement");
        throw ts.error();
    }

    private Statement.IsolationLevel isolationLevel() throws SqlSyntaxException {
        if (ts.accept("SERIALIZABLE")) {
            return Statement.IsolationLevel.SERIALIZABLE;
        }
        if (ts.accept("REPEATABLE")) {
            ts.expect("READ");
            return Statement.IsolationLevel.REPEATABLE_READ;
        }
        ts.expect("READ");
        if (ts.accept("COMMITTED")) {
            return Statement.IsolationLevel.READ_COMMITTED;
        }
        ts.expect("UNCOMMITTED");
        return Statement.IsolationLevel.READ_UNCOMMITTED;
    }
}
