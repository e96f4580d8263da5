package io.bstack.shell;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the interactive shell: SQL keywords, the shell's commands, and the names of
 * tables, views and columns read from {@link DatabaseMetaData} (read again after any statement that
 * may have changed the schema). Keywords follow the case of what was typed. Used on the reader's
 * thread only.
 */
final class SqlCompleter implements Completer {
    static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT",
            "OFFSET", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "MERGE", "USING", "MATCHED", "CREATE",
            "TABLE", "VIEW", "INDEX", "UNIQUE", "SCHEMA", "SEQUENCE", "DROP", "ALTER", "ADD", "COLUMN", "RENAME",
            "TO", "CONSTRAINT", "PRIMARY", "KEY", "FOREIGN", "REFERENCES", "CHECK", "DEFAULT", "NOT", "NULL", "AND",
            "OR", "IS", "IN", "EXISTS", "BETWEEN", "LIKE", "AS", "ON", "JOIN", "INNER", "LEFT", "RIGHT", "FULL",
            "OUTER", "CROSS", "NATURAL", "DISTINCT", "ALL", "UNION", "INTERSECT", "EXCEPT", "CASE", "WHEN", "THEN",
            "ELSE", "END", "CAST", "ASC", "DESC", "NULLS", "FIRST", "LAST", "BEGIN", "COMMIT", "ROLLBACK",
            "SAVEPOINT", "RELEASE", "TRANSACTION", "EXPLAIN", "WITH", "RECURSIVE", "IF", "CASCADE", "RESTRICT",
            "INTEGER", "INT", "BIGINT", "SMALLINT", "DECIMAL", "NUMERIC", "DOUBLE", "REAL", "BOOLEAN", "VARCHAR",
            "CHAR", "CLOB", "BLOB", "VARBINARY", "DATE", "TIME", "TIMESTAMP", "TRUE", "FALSE", "COUNT", "SUM", "AVG",
            "MIN", "MAX", "COALESCE", "INFORMATION_SCHEMA");
    static final List<String> COMMANDS = List.of("\\tables", "\\describe", "\\plan", "\\stats", "\\map", "\\import",
            "\\export", "\\run", "\\format", "\\timing", "\\help", "\\quit");

    private final Shell shell;
    private TreeSet<String> names = new TreeSet<>();
    private long loadedAt = -1;

    SqlCompleter(Shell shell) {
        this.shell = shell;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, line.wordCursor());
        if (word.startsWith("\\")) {
            COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        boolean lower = !word.isEmpty() && word.equals(word.toLowerCase(Locale.ROOT));
        for (String k : KEYWORDS) {
            candidates.add(new Candidate(lower ? k.toLowerCase(Locale.ROOT) : k, k, "keyword", null, null, null, true));
        }
        for (String n : names()) {
            candidates.add(new Candidate(lower ? n.toLowerCase(Locale.ROOT) : n, n, "name", null, null, null, true));
        }
    }

    /** Table, view and column names (also qualified by schema for tables), reloaded when the schema may have changed. */
    TreeSet<String> names() {
        if (loadedAt != shell.schemaChanges()) {
            TreeSet<String> fresh = new TreeSet<>();
            try {
                DatabaseMetaData md = shell.connection.getMetaData();
                for (Describer.TableName t : Describer.all(md)) {
                    fresh.add(t.name());
                    fresh.add(t.schema() + "." + t.name());
                }
                try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
                    while (rs.next()) {
                        if (!"INFORMATION_SCHEMA".equals(rs.getString("TABLE_SCHEM"))) {
                            fresh.add(rs.getString("COLUMN_NAME"));
                        }
                    }
                }
                names = fresh;
                loadedAt = shell.schemaChanges();
            } catch (SQLException e) {
                // completion offers keywords alone while the database cannot answer
            }
        }
        return names;
    }
}
