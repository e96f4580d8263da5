package io.bstack.sql.function;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The Java classes SQL may name in {@code CREATE FUNCTION} and {@code CREATE AGGREGATE}, and whose
 * functions it may call: exact class names ({@code com.example.Fns}, a nested class as
 * {@code com.example.Outer$Inner}) and package prefixes ending in {@code .*} ({@code com.example.util.*}
 * allows every class in that package and its sub-packages). Set by the application, never by SQL;
 * {@link #NONE} (the default) allows nothing. The engine asks {@link #allows} before it lets the
 * JVM load a class by name, so a class outside the list is never loaded, let alone initialised.
 * Immutable and thread-safe.
 */
public final class FunctionClassAllowlist {
    /** Allows no class: the default of every session. */
    public static final FunctionClassAllowlist NONE = new FunctionClassAllowlist(List.of());

    /** Longest class name accepted (and longest entry). */
    static final int MAX_NAME = 512;

    private final List<String> entries;

    private FunctionClassAllowlist(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The allowlist written as {@code com.example.Fns,com.example.util.*} (commas, spaces around
     * entries ignored; blank or null: {@link #NONE}).
     *
     * @throws SQLException {@code HY024} for an entry that is not a class name or a package prefix
     *                      ending in {@code .*} (a lone {@code *} is refused: name what you allow)
     */
    public static FunctionClassAllowlist parse(String spec) throws SQLException {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<String> list = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                list.add(part.trim());
            }
        }
        return of(list);
    }

    /**
     * The allowlist of these entries.
     *
     * @throws SQLException {@code HY024} for an entry that is not a class name or a package prefix
     *                      ending in {@code .*}
     */
    public static FunctionClassAllowlist of(Collection<String> entries) throws SQLException {
        List<String> list = new ArrayList<>();
        for (String e : entries) {
            String name = e.endsWith(".*") ? e.substring(0, e.length() - 2) : e;
            if (!isClassName(name)) {
                throw new SQLException("function class allowlist entry \"" + e + "\" is not a class name or a"
                        + " package prefix ending in .* (e.g. com.example.Fns or com.example.util.*)", "HY024");
            }
            list.add(e);
        }
        return new FunctionClassAllowlist(list);
    }

    /**
     * Whether {@code name} is a binary class name: dot-separated Java identifiers (with {@code $} for
     * nested classes), at most {@value #MAX_NAME} characters, nothing else: no slashes, brackets,
     * spaces or control characters.
     */
    public static boolean isClassName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is one Java identifier (no ignorable characters). */
    public static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.codePointAt(0))) {
            return false;
        }
        return s.codePoints().allMatch(c -> Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }

    /** Whether SQL may name class {@code className} (a valid class name the list covers). */
    public boolean allows(String className) {
        if (!isClassName(className)) {
            return false;
        }
        for (String e : entries) {
            if (e.endsWith(".*") ? className.startsWith(e.substring(0, e.length() - 1)) : className.equals(e)) {
                return true;
            }
        }
        return false;
    }

    /** The entries, as given. */
    public List<String> entries() {
        return entries;
    }

    /** The entries joined by commas, as {@link #parse} reads them. */
    @Override
    public String toString() {
        return String.join(",", entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionClassAllowlist a && a.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }
}
