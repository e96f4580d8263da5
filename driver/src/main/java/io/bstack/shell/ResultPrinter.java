package io.bstack.shell;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Writes a result set in one of the shell's output formats: an aligned table (numbers right-aligned,
 * wide values cut with {@code …}, {@code NULL} set apart — dimmed when colours are on), CSV
 * (RFC 4180, a header line, NULL as an empty unquoted field) or JSON (an array of objects, numbers
 * and booleans as such). The table is laid out from its first {@value #LAYOUT_ROWS} rows, the rest
 * streamed in that layout, so a huge result does not fill memory. Not thread-safe.
 */
final class ResultPrinter {

    /** The output formats. */
    enum Format {
        TABLE, CSV, JSON;

        /** The format named {@code name} (any case), or null. */
        static Format named(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** Rows read before the table's column widths are fixed. */
    static final int LAYOUT_ROWS = 1000;
    /** How the table shows SQL NULL. */
    static final String NULL = "NULL";
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final PrintStream out;
    private final int maxWidth;
    private final boolean color;

    /**
     * @param out      where rows go
     * @param maxWidth the widest a table cell gets before it is cut (at least 4)
     * @param color    whether the table may use ANSI colours
     */
    ResultPrinter(PrintStream out, int maxWidth, boolean color) {
        this.out = out;
        this.maxWidth = Math.max(4, maxWidth);
        this.color = color;
    }

    /**
     * Prints every row of {@code rs} in {@code format} and returns how many there were;
     * {@code beforeOutput} runs just before the first character is written (to stop a progress line).
     */
    long print(ResultSet rs, Format format, Runnable beforeOutput) throws SQLException {
        return switch (format) {
            case TABLE -> table(rs, beforeOutput);
            case CSV -> {
                beforeOutput.run();
                yield csv(rs);
            }
            case JSON -> {
                beforeOutput.run();
                yield json(rs);
            }
        };
    }

    private long table(ResultSet rs, Runnable beforeOutput) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        boolean[] right = new boolean[n];
        int[] width = new int[n];
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            right[i] = numeric(md.getColumnType(i + 1));
            header[i] = cut(md.getColumnLabel(i + 1));
            width[i] = header[i].length();
        }
        List<String[]> first = new ArrayList<>();
        boolean more = true;
        while (first.size() < LAYOUT_ROWS && (more = rs.next())) {
            String[] row = cells(rs, md, n);
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], (row[i] == null ? NULL : row[i]).length());
            }
            first.add(row);
        }
        beforeOutput.run();
        printHeader(List.of(header), width);
        long count = 0;
        for (String[] row : first) {
            printRow(row, width, right);
            count++;
        }
        while (more && rs.next()) {
            printRow(cells(rs, md, n), width, right);
            count++;
        }
        return count;
    }

    /** Prints rows the shell built itself (descriptions, statistics) as a table; null cells show as NULL. */
    void table(List<String> header, List<String[]> rows, boolean[] right) {
        int n = header.size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = header.get(i).length();
        }
        List<String[]> cells = new ArrayList<>();
        for (String[] row : rows) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = row[i] == null ? null : cut(printable(row[i]));
                width[i] = Math.max(width[i], (c[i] == null ? NULL : c[i]).length());
            }
            cells.add(c);
        }
        printHeader(header, width);
        for (String[] c : cells) {
            printRow(c, width, right);
        }
    }

    /** The column names and the rule under them. */
    private void printHeader(List<String> header, int[] width) {
        StringBuilder line = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            line.append(i == 0 ? " " : " | ").append(pad(header.get(i), width[i], false));
            rule.append(i == 0 ? "-" : "-+-").append("-".repeat(width[i]));
        }
        out.println(line.toString().stripTrailing());
        out.println(rule.append('-'));
    }

    private void printRow(String[] row, int[] width, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            line.append(i == 0 ? " " : " | ");
            if (row[i] == null) {
                String padded = pad(NULL, width[i], right[i]);
                line.append(color ? DIM + padded + RESET : padded);
            } else {
                line.append(pad(row[i].length() > width[i] ? row[i].substring(0, width[i] - 1) + "…" : row[i],
                        width[i], right[i]));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private String[] cells(ResultSet rs, ResultSetMetaData md, int n) throws SQLException {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
            String v = text(rs, md.getColumnType(i + 1), i + 1);
            row[i] = v == null ? null : cut(printable(v));
        }
        return row;
    }

    /** A value as text: binary as hex, everything else as the driver's {@code getString}; null for NULL. */
    static String text(ResultSet rs, int sqlType, int column) throws SQLException {
        if (binary(sqlType)) {
            byte[] b = rs.getBytes(column);
            return b == null ? null : "X'" + HEX.formatHex(b) + "'";
        }
        String s = rs.getString(column);
        return rs.wasNull() ? null : s;
    }

    private String cut(String s) {
        return s.length() <= maxWidth ? s : s.substring(0, maxWidth - 1) + "…";
    }

    /** Line breaks and tabs as visible escapes, so a row stays on one line. */
    private static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> " ";
                default -> Character.isISOControl(c) ? "?" : null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.substring(0, i));
            }
            if (b != null) {
                b.append(r == null ? String.valueOf(c) : r);
            }
        }
        return b == null ? s : b.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private long csv(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> header = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            header.add(md.getColumnLabel(i));
        }
        out.print(Csv.line(header));
        long count = 0;
        while (rs.next()) {
            List<String> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(text(rs, md.getColumnType(i), i));
            }
            out.print(Csv.line(row));
            count++;
        }
        return count;
    }

    private long json(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        long count = 0;
        out.print('[');
        while (rs.next()) {
            StringBuilder o = new StringBuilder(count == 0 ? "\n  {" : ",\n  {");
            for (int i = 1; i <= n; i++) {
                int type = md.getColumnType(i);
                String v = text(rs, type, i);
                o.append(i == 1 ? "" : ", ").append(jsonString(md.getColumnLabel(i))).append(": ");
                if (v == null) {
                    o.append("null");
                } else if (type == Types.BOOLEAN || type == Types.BIT) {
                    o.append(v.toLowerCase(Locale.ROOT));
                } else if (numeric(type) && isJsonNumber(v)) {
                    o.append(v);
                } else {
                    o.append(jsonString(v));
                }
            }
            out.print(o.append('}'));
            count++;
        }
        out.println(count == 0 ? "]" : "\n]");
        return count;
    }

    private static boolean isJsonNumber(String v) {
        return v.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }

    /** {@code s} as a JSON string literal. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean numeric(int t) {
        return switch (t) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC,
                    Types.REAL, Types.FLOAT, Types.DOUBLE -> true;
            default -> false;
        };
    }

    private static boolean binary(int t) {
        return t == Types.BINARY || t == Types.VARBINARY || t == Types.LONGVARBINARY || t == Types.BLOB;
    }
}
