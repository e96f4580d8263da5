package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/** One {@code WHEN [NOT] MATCHED [AND condition] THEN ...} arm of MERGE; {@code condition} may be null. */
public sealed interface MergeClause {

    /** @return the extra {@code AND} condition, or null */
    Expression condition();

    /** {@code WHEN MATCHED THEN UPDATE SET ...}. */
    record MatchedUpdate(Expression condition, List<Assignment> assignments) implements MergeClause {
        public MatchedUpdate {
            assignments = List.copyOf(assignments);
        }
    }

    /** {@code WHEN MATCHED THEN DELETE}. */
    record MatchedDelete(Expression condition) implements MergeClause {
    }

    /** {@code WHEN NOT MATCHED THEN INSERT [(columns)] VALUES (...)}. */
    record NotMatchedInsert(Expression condition, List<String> columns, List<Expression> values)
            implements MergeClause {
        public NotMatchedInsert {
            columns = List.copyOf(columns);
            values = List.copyOf(values);
        }
    }
}
