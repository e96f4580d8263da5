package io.bstack.sql.functions;

import static io.bstack.sql.functions.Args.integer;
import static io.bstack.sql.functions.Args.text;
import static io.bstack.sql.functions.Fn.fixed;
import static io.bstack.sql.functions.Fn.lenient;
import static io.bstack.sql.functions.Fn.strict;

import io.bstack.sql.eval.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Character string functions, as in H2: non-string arguments are used in their text form. */
final class StringFunctions {
    private StringFunctions() {
    }

    static List<Fn> all() {
        Fn length = strict("LENGTH", 1, 1, fixed(ColumnType.BIGINT),
                a -> (long) (a[0] instanceof byte[] b ? b.length : text(a[0]).length()));
        Fn substring = strict("SUBSTRING", 2, 3, fixed(ColumnType.VARCHAR), StringFunctions::substring);
        Fn locate = strict("LOCATE", 2, 3, fixed(ColumnType.INTEGER),
                a -> locate(text(a[0]), text(a[1]), a.length > 2 ? integer(a[2]) : 1));
        Fn chr = strict("CHAR", 1, 1, fixed(ColumnType.varchar(1)), a -> String.valueOf((char) integer(a[0])));
        return List.of(
                strict("UPPER", 1, 1, fixed(ColumnType.VARCHAR), a -> text(a[0]).toUpperCase(Locale.ROOT)),
                strict("LOWER", 1, 1, fixed(ColumnType.VARCHAR), a -> text(a[0]).toLowerCase(Locale.ROOT)),
                length, length.alias("CHAR_LENGTH"), length.alias("CHARACTER_LENGTH"),
                strict("OCTET_LENGTH", 1, 1, fixed(ColumnType.BIGINT),
                        a -> (long) (a[0] instanceof byte[] b ? b : text(a[0]).getBytes(StandardCharsets.UTF_8)).length),
                substring, substring.alias("SUBSTR"),
                strict("TRIM", 1, 2, fixed(ColumnType.VARCHAR), a -> trim(a, true, true)),
                strict("BTRIM", 1, 2, fixed(ColumnType.VARCHAR), a -> trim(a, true, true)),
                strict("LTRIM", 1, 2, fixed(ColumnType.VARCHAR), a -> trim(a, true, false)),
                strict("RTRIM", 1, 2, fixed(ColumnType.VARCHAR), a -> trim(a, false, true)),
                strict("POSITION", 2, 2, fixed(ColumnType.INTEGER), a -> locate(text(a[0]), text(a[1]), 1)),
                locate,
                strict("INSTR", 2, 3, fixed(ColumnType.INTEGER),
                        a -> locate(text(a[1]), text(a[0]), a.length > 2 ? integer(a[2]) : 1)),
                strict("REPLACE", 2, 3, fixed(ColumnType.VARCHAR), a -> {
                    String from = text(a[1]);
                    return from.isEmpty() ? text(a[0]) : text(a[0]).replace(from, a.length > 2 ? text(a[2]) : "");
                }),
                lenient("CONCAT", 2, Integer.MAX_VALUE, fixed(ColumnType.VARCHAR), a -> {
                    StringBuilder sb = new StringBuilder();
                    for (Object o : a) {
                        if (o != null) {
                            sb.append(text(o));
                        }
                    }
                    return sb.toString();
                }),
                lenient("CONCAT_WS", 3, Integer.MAX_VALUE, fixed(ColumnType.VARCHAR), a -> {
                    String separator = a[0] == null ? "" : text(a[0]);
                    StringBuilder sb = new StringBuilder();
                    boolean first = true;
                    for (int i = 1; i < a.length; i++) {
                        if (a[i] != null) {
                            if (!first) {
                                sb.append(separator);
                            }
                            sb.append(text(a[i]));
                            first = false;
                        }
                    }
                    return sb.toString();
                }),
                strict("LPAD", 2, 3, fixed(ColumnType.VARCHAR), a -> pad(a, true)),
                strict("RPAD", 2, 3, fixed(ColumnType.VARCHAR), a -> pad(a, false)),
                strict("LEFT", 2, 2, fixed(ColumnType.VARCHAR), a -> {
                    String s = text(a[0]);
                    int n = integer(a[1]);
                    return n <= 0 ? "" : s.substring(0, Math.min(n, s.length()));
                }),
                strict("RIGHT", 2, 2, fixed(ColumnType.VARCHAR), a -> {
                    String s = text(a[0]);
                    int n = integer(a[1]);
                    return n <= 0 ? "" : s.substring(Math.max(0, s.length() - n));
                }),
                strict("REPEAT", 2, 2, fixed(ColumnType.VARCHAR), a -> {
                    int n = integer(a[1]);
                    return n <= 0 ? "" : text(a[0]).repeat(n);
                }),
                strict("REVERSE", 1, 1, fixed(ColumnType.VARCHAR), a -> new StringBuilder(text(a[0])).reverse().toString()),
                strict("ASCII", 1, 1, fixed(ColumnType.INTEGER), a -> {
                    String s = text(a[0]);
                    return s.isEmpty() ? null : (int) s.charAt(0);
                }),
                chr, chr.alias("CHR"));
    }

    /** H2's SUBSTRING: start 0 is 1, a negative start counts from the end, a negative length gives ''. */
    private static Object substring(Object[] a) throws java.sql.SQLException {
        if (a[0] instanceof byte[] b) {
            int[] range = range(b.length, integer(a[1]), a.length > 2 ? integer(a[2]) : null);
            return java.util.Arrays.copyOfRange(b, range[0], Math.max(range[0], range[1]));
        }
        String s = text(a[0]);
        int[] range = range(s.length(), integer(a[1]), a.length > 2 ? integer(a[2]) : null);
        return range[0] >= range[1] ? "" : s.substring(range[0], range[1]);
    }

    private static int[] range(int length, int start, Integer count) {
        long from = start == 0 ? 1 : start < 0 ? (long) length + start + 1 : start;
        long to = count == null ? length + 1L : from + count;
        from = Math.max(from, 1);
        to = Math.min(to, length + 1L);
        return new int[] {(int) Math.min(from - 1, length), (int) Math.max(to - 1, 0)};
    }

    private static String trim(Object[] a, boolean leading, boolean trailing) {
        String s = text(a[0]);
        String chars = a.length > 1 && !text(a[1]).isEmpty() ? text(a[1]) : " ";
        int begin = 0;
        int end = s.length();
        if (leading) {
            while (begin < end && chars.indexOf(s.charAt(begin)) >= 0) {
                begin++;
            }
        }
        if (trailing) {
            while (end > begin && chars.indexOf(s.charAt(end - 1)) >= 0) {
                end--;
            }
        }
        return s.substring(begin, end);
    }

    /** 1-based position of {@code search} in {@code s} from {@code start}; a negative start searches backwards from the end. */
    private static int locate(String search, String s, int start) {
        if (start < 0) {
            return s.lastIndexOf(search, s.length() + start) + 1;
        }
        return s.indexOf(search, start - 1) + 1;
    }

    private static String pad(Object[] a, boolean left) throws java.sql.SQLException {
        String s = text(a[0]);
        int n = integer(a[1]);
        if (n <= 0) {
            return "";
        }
        if (s.length() >= n) {
            return s.substring(0, n);
        }
        String filler = a.length > 2 ? text(a[2]) : " ";
        String fill = String.valueOf(filler.isEmpty() ? ' ' : filler.charAt(0)).repeat(n - s.length());
        return left ? fill + s : s + fill;
    }
}
