package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.RowView;
import io.bstack.btree.Table;
import io.bstack.btree.TableCursor;
import io.bstack.btree.TableStats;
import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ANALYZE}: reads a table's rows (all of them, or the first {@code sample} in key order) and
 * records in the catalog how many there were and, per column, its distinct non-NULL values
 * ({@link DistinctSketch}) and NULLs. The planner turns these into selectivities
 * ({@link Selectivity}). Runs inside the statement's write transaction, so the statistics commit or
 * roll back with it; stops at a cancel or the deadline ({@code HY008}/{@code HYT00}).
 */
final class TableAnalysis {
    private TableAnalysis() {}

    /** Analyses {@code table} of {@code schema} and stores what it found. */
    static TableStats analyse(Catalog catalog, String schema, Table table, long sample) throws SQLException, IOException {
        List<ColumnDef> columns = table.def().columns();
        int n = columns.size();
        DistinctSketch[] distinct = new DistinctSketch[n];
        long[] nulls = new long[n];
        for (int i = 0; i < n; i++) {
            distinct[i] = new DistinctSketch();
        }
        StatementControl control = StatementControl.current();
        long rows = 0;
        boolean sampled = false;
        TableCursor c = table.cursor();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            if (sample > 0 && rows == sample) {
                sampled = true;
                break;
            }
            control.check();
            RowView row = c.row();
            for (int i = 0; i < n; i++) {
                if (row.isNull(i)) {
                    nulls[i]++;
                } else {
                    distinct[i].add(row.get(i));
                }
            }
            rows++;
        }
        Map<String, TableStats.ColumnStats> figures = new HashMap<>();
        for (int i = 0; i < n; i++) {
            figures.put(columns.get(i).name(), new TableStats.ColumnStats(distinct[i].estimate(), nulls[i]));
        }
        TableStats stats = new TableStats(rows, sampled, figures);
        catalog.putStatistics(schema, table.def().name(), stats);
        return stats;
    }
}
