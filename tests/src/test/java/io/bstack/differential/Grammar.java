package io.bstack.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the differential test's schema, rows and queries from a seed. Two tables, {@code T1(A
 * INT, B INT, C VARCHAR(8), D DECIMAL(8,2))} and {@code T2(A INT, E INT, F VARCHAR(8))}, with small
 * value domains so that joins, duplicates and NULLs are common. Queries stay inside what both
 * engines define the same way (no implicit text-number comparisons, no ambiguous column
 * references).
 */
final class Grammar {
    private static final String[] T1_INT = {"T1.A", "T1.B"};
    private static final String[] T2_INT = {"T2.A", "T2.E"};
    private static final String[] WORDS = {"'a'", "'ab'", "'b'", "'abc'", "'x'", "''"};

    private Grammar() {
    }

    record Query(String sql, boolean ordered) {}

    static List<String> schema(Random r) {
        List<String> sql = new ArrayList<>();
        boolean pk1 = r.nextBoolean();
        sql.add("CREATE TABLE T1(A INT" + (pk1 ? " PRIMARY KEY" : "") + ", B INT, C VARCHAR(8), D DECIMAL(8,2))");
        sql.add("CREATE TABLE T2(A INT, E INT NOT NULL, F VARCHAR(8))");
        if (r.nextBoolean()) {
            sql.add("CREATE INDEX I2 ON T2(A" + (r.nextBoolean() ? ", E" : "") + ")");
        }
        if (r.nextBoolean()) {
            sql.add("CREATE INDEX I1 ON T1(C)");
        }
        int n1 = 3 + r.nextInt(25);
        StringBuilder rows = new StringBuilder("INSERT INTO T1 VALUES ");
        for (int i = 0; i < n1; i++) {
            int a = pk1 ? i : r.nextInt(8);
            rows.append(i == 0 ? "" : ", ").append('(').append(a).append(", ").append(intOrNull(r, 6)).append(", ")
                    .append(r.nextInt(5) == 0 ? "NULL" : WORDS[r.nextInt(WORDS.length)]).append(", ")
                    .append(r.nextInt(5) == 0 ? "NULL" : (r.nextInt(2000) - 1000) / 100.0).append(')');
        }
        sql.add(rows.toString());
        int n2 = r.nextInt(20);
        if (n2 > 0) {
            StringBuilder rows2 = new StringBuilder("INSERT INTO T2 VALUES ");
            for (int i = 0; i < n2; i++) {
                rows2.append(i == 0 ? "" : ", ").append('(').append(intOrNull(r, 8)).append(", ").append(r.nextInt(5))
                        .append(", ").append(r.nextInt(4) == 0 ? "NULL" : WORDS[r.nextInt(WORDS.length)]).append(')');
            }
            sql.add(rows2.toString());
        }
        return sql;
    }

    private static String intOrNull(Random r, int bound) {
        return r.nextInt(5) == 0 ? "NULL" : Integer.toString(r.nextInt(bound) - 1);
    }

    static Query query(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> join(r);
            case 1 -> grouped(r);
            case 2 -> setOperation(r);
            case 3 -> subquery(r);
            default -> simple(r);
        };
    }

    private static Query simple(Random r) {
        String items = pick(r, "T1.A", "T1.B", "T1.C", "T1.D", "T1.A + T1.B", "T1.B * 2", "COALESCE(T1.B, -9)",
                "CASE WHEN T1.B > 2 THEN 'big' ELSE 'small' END", "T1.C || 'z'", "ABS(T1.D)", "NULLIF(T1.A, 1)");
        String items2 = pick(r, "T1.A", "T1.C", "T1.D");
        boolean distinct = r.nextInt(4) == 0;
        String where = r.nextBoolean() ? " WHERE " + predicate(r, 2) : "";
        if (r.nextBoolean()) {
            return new Query("SELECT " + (distinct ? "DISTINCT " : "") + items + ", " + items2 + " FROM T1" + where
                    + " ORDER BY 1 NULLS FIRST, 2 NULLS FIRST", false);
        }
        if (r.nextInt(3) == 0) { // an order fixed by every column makes LIMIT deterministic
            return new Query("SELECT DISTINCT T1.A, T1.B, T1.C, T1.D FROM T1" + where
                    + " ORDER BY 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST LIMIT " + r.nextInt(6)
                    + " OFFSET " + r.nextInt(3), true);
        }
        return new Query("SELECT " + (distinct ? "DISTINCT " : "") + items + ", " + items2 + " FROM T1" + where, false);
    }

    private static Query join(Random r) {
        String kind = pick(r, "JOIN", "LEFT JOIN", "RIGHT JOIN", "CROSS JOIN", "JOIN");
        String on = kind.equals("CROSS JOIN") ? "" : " ON " + pick(r, "T1.A = T2.A", "T1.B = T2.E", "T1.A = T2.A AND T1.B < T2.E",
                "T1.C = T2.F", "T1.A = T2.E + 1");
        String where = r.nextInt(3) == 0 ? " WHERE " + predicate(r, 1) : "";
        return new Query("SELECT T1.A, T1.C, T2.E, T2.F FROM T1 " + kind + " T2" + on + where, false);
    }

    private static Query grouped(Random r) {
        String key = pick(r, "T1.B", "T1.C", "T1.A");
        String agg = pick(r, "COUNT(*)", "COUNT(T1.D)", "SUM(T1.A)", "MIN(T1.C)", "MAX(T1.D)", "SUM(T1.D)",
                "COUNT(DISTINCT T1.B)", "MIN(T1.A + T1.B)");
        String having = r.nextBoolean() ? " HAVING " + pick(r, "COUNT(*) > 1", "SUM(T1.A) > 3", "MIN(T1.A) IS NOT NULL",
                "COUNT(T1.B) = 0") : "";
        String where = r.nextBoolean() ? " WHERE " + predicate(r, 1) : "";
        if (r.nextInt(4) == 0) {
            return new Query("SELECT " + agg + " FROM T1" + where, false);
        }
        return new Query("SELECT " + key + ", " + agg + " FROM T1" + where + " GROUP BY " + key + having, false);
    }

    private static Query setOperation(Random r) {
        String op = pick(r, "UNION", "UNION ALL", "INTERSECT", "EXCEPT");
        return new Query("SELECT T1.A, T1.C FROM T1 WHERE " + predicate(r, 1) + " " + op
                + " SELECT T2.A, T2.F FROM T2 WHERE " + predicate2(r), false);
    }

    private static Query subquery(Random r) {
        String sub = pick(r,
                "T1.A IN (SELECT T2.A FROM T2)",
                "T1.A NOT IN (SELECT T2.E FROM T2)",
                "EXISTS (SELECT 1 FROM T2 WHERE T2.A = T1.A)",
                "NOT EXISTS (SELECT 1 FROM T2 WHERE T2.E = T1.B)",
                "T1.B > (SELECT MIN(T2.E) FROM T2)",
                "T1.B = (SELECT MAX(T2.E) FROM T2 WHERE T2.A = T1.A)",
                "T1.C IN (SELECT T2.F FROM T2 WHERE T2.E > 1)");
        String items = r.nextBoolean() ? "T1.A, T1.B" : "T1.C, (SELECT COUNT(*) FROM T2 WHERE T2.A = T1.A)";
        return new Query("SELECT " + items + " FROM T1 WHERE " + sub, false);
    }

    private static String predicate(Random r, int depth) {
        if (depth > 0 && r.nextInt(3) == 0) {
            return "(" + predicate(r, depth - 1) + pick(r, " AND ", " OR ") + predicate(r, depth - 1) + ")";
        }
        if (depth > 0 && r.nextInt(6) == 0) {
            return "NOT (" + predicate(r, depth - 1) + ")";
        }
        String col = T1_INT[r.nextInt(T1_INT.length)];
        return switch (r.nextInt(9)) {
            case 0 -> col + pick(r, " = ", " <> ", " < ", " >= ") + (r.nextInt(7) - 1);
            case 1 -> col + " IS " + (r.nextBoolean() ? "" : "NOT ") + "NULL";
            case 2 -> col + " BETWEEN " + (r.nextInt(4) - 1) + " AND " + r.nextInt(6);
            case 3 -> col + " IN (" + r.nextInt(5) + ", " + r.nextInt(5) + ", NULL)";
            case 4 -> "T1.C LIKE " + pick(r, "'a%'", "'%b%'", "'_'", "'a_c'", "'%'");
            case 5 -> "T1.C " + pick(r, "= ", "< ", "> ") + WORDS[r.nextInt(WORDS.length)];
            case 6 -> "T1.D " + pick(r, "> ", "< ") + (r.nextInt(20) - 10);
            case 7 -> "T1.A IS DISTINCT FROM T1.B";
            default -> "COALESCE(T1.B, 0) " + pick(r, "= ", "> ") + r.nextInt(4);
        };
    }

    private static String predicate2(Random r) {
        String col = T2_INT[r.nextInt(T2_INT.length)];
        return switch (r.nextInt(3)) {
            case 0 -> col + pick(r, " = ", " < ", " > ") + r.nextInt(5);
            case 1 -> col + " IS NOT NULL";
            default -> "T2.F LIKE " + pick(r, "'a%'", "'%'", "'b'");
        };
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
