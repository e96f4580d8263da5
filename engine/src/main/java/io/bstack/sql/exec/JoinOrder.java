package io.bstack.sql.exec;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which the tables of a FROM list (all joined INNER or CROSS, so any order gives the
 * same rows) are joined, greedily: the table with the fewest estimated rows first; then, among the
 * tables the WHERE links to those already joined, one a key can probe (an index join) before one
 * that must be hashed, the smaller first; a table no equality links comes last, the smaller first.
 * Ties keep the FROM's order. Stateless.
 */
final class JoinOrder {
    private JoinOrder() {}

    /** What the planner knows of joining a table to those chosen so far. */
    interface Links {
        /** Whether a WHERE equality links table {@code candidate} to the tables {@code chosen}. */
        boolean linked(int candidate, List<Integer> chosen) throws SQLException;

        /** Whether a key of table {@code candidate} can be probed with values of the tables {@code chosen}. */
        boolean probed(int candidate, List<Integer> chosen) throws SQLException;
    }

    /** The positions of the tables in joining order, given their estimated {@code sizes}. */
    static List<Integer> order(List<Long> sizes, Links links) throws SQLException {
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            remaining.add(i);
        }
        List<Integer> chosen = new ArrayList<>();
        chosen.add(smallest(remaining, sizes));
        remaining.remove(chosen.get(0));
        while (!remaining.isEmpty()) {
            List<Integer> probed = new ArrayList<>();
            List<Integer> linked = new ArrayList<>();
            for (int c : remaining) {
                if (links.linked(c, chosen)) {
                    linked.add(c);
                    if (links.probed(c, chosen)) {
                        probed.add(c);
                    }
                }
            }
            Integer next = smallest(!probed.isEmpty() ? probed : !linked.isEmpty() ? linked : remaining, sizes);
            chosen.add(next);
            remaining.remove(next);
        }
        return chosen;
    }

    private static Integer smallest(List<Integer> among, List<Long> sizes) {
        Integer best = among.get(0);
        for (int i : among) {
            if (sizes.get(i) < sizes.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
