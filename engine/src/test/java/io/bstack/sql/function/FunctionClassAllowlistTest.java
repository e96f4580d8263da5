package io.bstack.sql.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionClassAllowlistTest {

    @Test
    void exactNamesAndPackagePrefixes() throws SQLException {
        FunctionClassAllowlist a = FunctionClassAllowlist.parse(" com.example.Fns , com.example.util.*,a.Outer$Inner");
        assertThat(a.entries()).containsExactly("com.example.Fns", "com.example.util.*", "a.Outer$Inner");
        assertThat(a.allows("com.example.Fns")).isTrue();
        assertThat(a.allows("com.example.Fns2")).isFalse();
        assertThat(a.allows("com.example.Fns$Inner")).as("an exact entry is only that class").isFalse();
        assertThat(a.allows("com.example.util.Strings")).isTrue();
        assertThat(a.allows("com.example.util.deep.Strings")).as("sub-packages too").isTrue();
        assertThat(a.allows("com.example.utility.Strings")).isFalse();
        assertThat(a.allows("com.example.util")).isFalse();
        assertThat(a.allows("a.Outer$Inner")).isTrue();
        assertThat(a.allows("com.example.util.Bad Name")).as("odd characters are never allowed").isFalse();
        assertThat(a.allows("com.example.util.[LX;")).isFalse();
        assertThat(FunctionClassAllowlist.parse(a.toString())).isEqualTo(a);
    }

    @Test
    void emptyByDefaultAndNothingMatchesIt() throws SQLException {
        assertThat(FunctionClassAllowlist.parse(null)).isSameAs(FunctionClassAllowlist.NONE);
        assertThat(FunctionClassAllowlist.parse("  ")).isSameAs(FunctionClassAllowlist.NONE);
        assertThat(FunctionClassAllowlist.NONE.allows("java.lang.System")).isFalse();
        assertThat(FunctionClassAllowlist.NONE.entries()).isEmpty();
    }

    @Test
    void entriesThatAreNotNamesAreRefused() {
        for (String bad : List.of("*", ".*", "com.*.Fns", "com..Fns", "com/example/Fns", "com.example.Fns;", "1com.Fns",
                "com.example.**", "com.example.Fns()", "com example")) {
            assertThatThrownBy(() -> FunctionClassAllowlist.parse(bad)).as(bad).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HY024"));
        }
        assertThat(FunctionClassAllowlist.isClassName("a".repeat(513))).isFalse();
        assertThat(FunctionClassAllowlist.isClassName("a\u0000b")).isFalse();
    }
}
