package io.bstack.sql.parse;

import java.util.Set;

/**
 * The reserved words: they cannot be used as unquoted identifiers (table, column or alias names).
 * A subset of H2's list, so that any name valid here is valid in H2. Every other word the grammar
 * uses (INDEX, KEY, TRANSACTION, ...) is matched by text and stays usable as a name.
 */
public final class Keywords {
    private static final Set<String> RESERVED = Set.of(
            "ALL", "AND", "AS", "BETWEEN", "CASE", "CAST", "CHECK", "CONSTRAINT", "CROSS",
            "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DEFAULT", "DISTINCT", "ELSE", "END",
            "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL", "GROUP", "HAVING", "IF",
            "IN", "INNER", "INTERSECT", "IS", "JOIN", "LEFT", "LIKE", "LIMIT", "NATURAL", "NOT", "NULL",
            "OFFSET", "ON", "OR", "ORDER", "PRIMARY", "RIGHT", "SELECT", "SET", "TABLE", "THEN", "TRUE",
            "UNION", "UNIQUE", "UNKNOWN", "USING", "VALUES", "WHEN", "WHERE", "WITH");

    private Keywords() {
    }

    /** @return every reserved word */
    public static Set<String> reserved() {
        return RESERVED;
    }

    /** @return whether the upper-case word is reserved */
    public static boolean isReserved(String upperCaseWord) {
        return RESERVED.contains(upperCaseWord);
    }
}
