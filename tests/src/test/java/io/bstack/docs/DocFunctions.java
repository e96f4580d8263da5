package io.bstack.docs;

import io.bstack.sql.function.UserAggregate;

/**
 * The Java code the examples of {@code docs/user-functions.md} name: the documentation test runs
 * them with {@code functionClasses=io.bstack.docs.*}.
 */
public final class DocFunctions {
    private static long ticks;

    private DocFunctions() {
    }

    /** Net price with a tax rate in percent, rounded to cents. */
    public static java.math.BigDecimal withTax(java.math.BigDecimal net, int percent) {
        return net.multiply(java.math.BigDecimal.valueOf(100 + percent)).movePointLeft(2)
                .setScale(2, java.math.RoundingMode.HALF_UP);
    }

    /** The initials of a name: "Ada Lovelace" gives "AL". */
    public static String initials(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0)));
            }
        }
        return sb.toString();
    }

    /** The initials, with a separator between them. */
    public static String initials(String name, String separator) {
        return String.join(separator, initials(name).split(""));
    }

    /** A new number on every call (nondeterministic). */
    public static synchronized long tick() {
        return ++ticks;
    }

    /** Fails for a negative argument, to show how errors from Java look in SQL. */
    public static int checked(int x) {
        if (x < 0) {
            throw new IllegalArgumentException("negative: " + x);
        }
        return x;
    }

    /** The longest string of a group. */
    public static final class Longest implements UserAggregate<String, String> {
        private String longest;

        @Override
        public void add(String value) {
            if (longest == null || value.length() > longest.length()) {
                longest = value;
            }
        }

        @Override
        public String result() {
            return longest;
        }
    }
}
