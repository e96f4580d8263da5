package io.bstack.jdbc;

import io.bstack.sql.function.FunctionClassAllowlist;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The options a {@code jdbc:bstack:} URL (after {@code ;}), a {@code Properties} object or a
 * {@link BStackDataSource} setter may give, each with its default and what it does. Keys are
 * case-insensitive.
 */
enum Option {
    SYNC("sync", "full", "durability: full (a commit is on disk when it returns), normal (commits are synced"
            + " within ~100 ms; a crash loses at most that window, never consistency) or off (synced at checkpoints"
            + " and close)", "full", "normal", "off"),
    ALLOCATOR("allocator", "ghosttree", "what hands out the file's regions, chosen when the database is created"
            + " (an existing one keeps its own): ghosttree (best fit in a balanced tree), firstfit (a free list) or"
            + " segregated (size classes) or linear (append only: freed space is reused only at the end of the file)",
            "ghosttree", "firstfit", "segregated", "linear"),
    PAGE_SIZE("pageSize", "4096", "size of tree pages in bytes when the database is created: a power of two"
            + " from 4096 to 65536"),
    CACHE_SIZE("cacheSize", "8192", "the buffer pool, in KiB"),
    MAX_REGION_SIZE("maxRegionSize", "1073741824", "the largest region SQL may allocate (ALLOC, REALLOC), in"
            + " bytes; larger requests fail with 22003"),
    LOCK_TIMEOUT("lockTimeout", "10000", "milliseconds a write waits for another connection's transaction"),
    READ_ONLY("readOnly", "false", "every connection is read-only", "true", "false"),
    CREATE_IF_MISSING("createIfMissing", "true", "create the database file when it does not exist", "true",
            "false"),
    CLOSE_DELAY("closeDelay", "0", "milliseconds the database stays open after its last connection closes (-1:"
            + " until SHUTDOWN or JVM exit)"),
    FUNCTION_CLASSES("functionClasses", "", "the Java classes this connection's SQL may name in CREATE FUNCTION /"
            + " CREATE AGGREGATE and call through stored user functions: class names and package prefixes ending in"
            + " .*, comma-separated (e.g. com.example.Fns,com.example.util.*); none by default"),
    USER("user", "", "accepted and ignored: an embedded database has no accounts"),
    PASSWORD("password", "", "accepted and ignored: an embedded database has no accounts");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final String[] choices;

    Option(String key, String defaultValue, String description, String... choices) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.choices = choices;
    }

    String key() {
        return key;
    }

    String defaultValue() {
        return defaultValue;
    }

    String description() {
        return description;
    }

    String[] choices() {
        return choices.clone();
    }

    /** The option named {@code key} (any case); {@code 08001}-free: a bad key is the caller's error. */
    static Option of(String key) throws SQLException {
        for (Option o : values()) {
            if (o.key.equalsIgnoreCase(key.trim())) {
                return o;
            }
        }
        throw new SQLException("unknown option \"" + key + "\"; valid options are " + keys(), "HY024");
    }

    /** The value checked and normalised (lower case for choices). */
    String check(String value) throws SQLException {
        String v = value.trim();
        String refused = this == ALLOCATOR ? io.bstack.sql.AllocatorKind.whyNotOffered(v) : null;
        if (refused != null) {
            throw new SQLException("option allocator=" + v + " is not offered for a database: " + refused, "HY024");
        }
        if (choices.length > 0) {
            for (String c : choices) {
                if (c.equalsIgnoreCase(v)) {
                    return c;
                }
            }
            throw bad(value, "one of " + String.join(", ", choices));
        }
        switch (this) {
            case PAGE_SIZE -> {
                long n = number(v);
                if (n < 4096 || n > 65536 || Long.bitCount(n) != 1) {
                    throw bad(value, "a power of two from 4096 to 65536");
                }
            }
            case MAX_REGION_SIZE -> {
                if (number(v) < 1) {
                    throw bad(value, "a positive number of bytes");
                }
            }
            case CACHE_SIZE -> {
                if (number(v) < 64) {
                    throw bad(value, "at least 64 (KiB)");
                }
            }
            case LOCK_TIMEOUT -> {
                if (number(v) < 0) {
                    throw bad(value, "milliseconds, 0 or more");
                }
            }
            case CLOSE_DELAY -> {
                if (number(v) < -1) {
                    throw bad(value, "milliseconds, or -1");
                }
            }
            case FUNCTION_CLASSES -> {
                try {
                    return FunctionClassAllowlist.parse(v).toString();
                } catch (SQLException e) {
                    throw bad(value, "class names or package prefixes ending in .*, comma-separated (" + e.getMessage()
                            + ")");
                }
            }
            default -> {
                // free text
            }
        }
        return v;
    }

    private long number(String v) throws SQLException {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(v, "a whole number");
        }
    }

    private SQLException bad(String value, String expected) {
        return new SQLException("option " + key + "=" + value + " is not valid: expected " + expected, "HY024");
    }

    static String keys() {
        return Arrays.stream(values()).map(o -> o.key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
