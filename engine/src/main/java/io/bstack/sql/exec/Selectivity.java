package io.bstack.sql.exec;

import io.bstack.btree.TableStats;
import io.bstack.sql.ast.Expression;
import java.util.List;

/**
 * The planner's estimate of how many rows of one table a WHERE lets through, from the statistics
 * {@code ANALYZE} kept in the catalog: the table's current size (read from its tree, so statistics
 * that have aged do not mislead it about size) times, for each column the WHERE fixes, the fraction
 * of rows that match — {@code 1 / distinct} for {@code col = value}, {@code n / distinct} for
 * {@code col IN (n values)}, the share of NULLs for {@code col IS NULL}, and a fixed third per bound
 * of a range — as if the columns were independent. Without statistics the size alone. Stateless.
 */
final class Selectivity {
    /** The share of rows a range bound ({@code <}, {@code >}, ...) is taken to keep. */
    static final double PER_BOUND = 1.0 / 3;

    private Selectivity() {}

    /**
     * @param size    the table's current estimated rows
     * @param stats   its statistics, or null
     * @param columns its column names, in order
     * @param terms   what the WHERE says of its columns
     * @return the estimated rows the WHERE keeps, at least 1 when {@code size} is not 0
     */
    static long rows(long size, TableStats stats, List<String> columns, KeyTerms terms) {
        if (stats == null || size == 0) {
            return size;
        }
        double kept = size;
        for (int i = 0; i < columns.size(); i++) {
            KeyTerms.Term t = terms.get(i);
            TableStats.ColumnStats c = stats.column(columns.get(i));
            if (t == null || c == null) {
                continue;
            }
            kept *= fraction(t, c, stats.rows());
        }
        return Math.max(1, Math.round(kept));
    }

    private static double fraction(KeyTerms.Term t, TableStats.ColumnStats c, long analysed) {
        if (t.isNull) {
            return analysed == 0 ? 1 : (double) c.nulls() / analysed;
        }
        long distinct = Math.max(1, c.distinct());
        if (t.equal != null) {
            return 1.0 / distinct;
        }
        if (t.in != null) {
            List<Expression> values = t.in;
            return Math.min(1.0, (double) values.size() / distinct);
        }
        double f = 1;
        if (t.lower != null) {
            f *= PER_BOUND;
        }
        if (t.upper != null) {
            f *= PER_BOUND;
        }
        return f;
    }
}
