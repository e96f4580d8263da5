package io.bstack.sql.eval;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern: {@code %} matches any run of characters, {@code _} one character, the
 * escape character makes the next character literal. As in H2 the default escape is a backslash,
 * an empty ESCAPE disables escaping, and an escaped ordinary character is that character.
 * Matching is case-sensitive and covers the whole string. Immutable and thread-safe.
 */
public final class LikePattern {
    /** H2's default escape character. */
    public static final String DEFAULT_ESCAPE = "\\";

    private final Pattern regex;

    private LikePattern(Pattern regex) {
        this.regex = regex;
    }

    /**
     * @param escape null for the default escape character, "" for none, else one character
     * @throws SQLException 22019 if {@code escape} is longer than one character, 22025 if the pattern
     *                      ends with the escape character
     */
    public static LikePattern compile(String pattern, String escape) throws SQLException {
        String esc = escape == null ? DEFAULT_ESCAPE : escape;
        if (esc.codePointCount(0, esc.length()) > 1) {
            throw SqlErrors.invalidEscapeCharacter(esc);
        }
        int escapeChar = esc.isEmpty() ? -1 : esc.codePointAt(0);
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == escapeChar) {
                if (i >= pattern.length()) {
                    throw SqlErrors.invalidEscapeSequence(pattern);
                }
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                literal.appendCodePoint(next);
            } else if (c == '%' || c == '_') {
                flush(re, literal);
                re.append(c == '%' ? ".*" : ".");
            } else {
                literal.appendCodePoint(c);
            }
        }
        flush(re, literal);
        return new LikePattern(Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    private static void flush(StringBuilder re, StringBuilder literal) {
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    /** @return whether the whole of {@code s} matches */
    public boolean matches(String s) {
        return regex.matcher(s).matches();
    }
}
