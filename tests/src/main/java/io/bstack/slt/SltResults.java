package io.bstack.slt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** How sqllogictest prints, sorts and hashes query results (as its reference runner does). */
final class SltResults {
    private SltResults() {}

    /** One value as column type {@code type} (I, R or T) prints it. */
    static String format(Object value, char type) {
        if (value == null) {
            return "NULL";
        }
        return switch (type) {
            case 'I' -> Long.toString(asLong(value));
            case 'R' -> String.format(Locale.ROOT, "%.3f", asDouble(value));
            default -> text(value);
        };
    }

    private static long asLong(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Number n) {
            return n instanceof BigDecimal d ? d.longValue() : n instanceof Double || n instanceof Float
                    ? (long) n.doubleValue() : n.longValue();
        }
        return leadingNumber(v.toString()).longValue();
    }

    private static double asDouble(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return v instanceof Number n ? n.doubleValue() : leadingNumber(v.toString()).doubleValue();
    }

    /** The number at the start of {@code s}, as SQLite converts text; 0 when there is none. */
    private static BigDecimal leadingNumber(String s) {
        String t = s.strip();
        int end = 0;
        while (end < t.length() && "+-0123456789.eE".indexOf(t.charAt(end)) >= 0) {
            end++;
        }
        for (int e = end; e > 0; e--) {
            try {
                return new BigDecimal(t.substring(0, e));
            } catch (NumberFormatException ignored) {
                // shorter prefix
            }
        }
        return BigDecimal.ZERO;
    }

    private static String text(Object v) {
        String s = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
        if (s.isEmpty()) {
            return "(empty)";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c < ' ' || c > '~' ? '@' : c);
        }
        return out.toString();
    }

    /** The values in the order {@code sort} (nosort, rowsort, valuesort) wants, row-major. */
    static List<String> sorted(List<String[]> rows, String sort) {
        List<String[]> r = new ArrayList<>(rows);
        if (sort.equals("rowsort")) {
            r.sort(Arrays::compare);
        }
        List<String> values = new ArrayList<>();
        for (String[] row : r) {
            values.addAll(Arrays.asList(row));
        }
        if (sort.equals("valuesort")) {
            values.sort(null);
        }
        return values;
    }

    /** The MD5 of every value followed by a newline, in hex. */
    static String md5(List<String> values) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (String v : values) {
                md.update(v.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}
