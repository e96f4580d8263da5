package io.bstack.sql.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

/** The allowlist decides as a plain model does: equal to an exact entry, or under a prefix entry. */
class FunctionClassAllowlistProperties {

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> part = Arbitraries.of("a", "b", "ab", "Fns", "X$Y", "util", "_z");
        return part.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    }

    @Provide
    Arbitrary<List<String>> entries() {
        return Combinators.combine(names(), Arbitraries.of(true, false)).as((n, prefix) -> prefix ? n + ".*" : n)
                .list().ofMaxSize(4);
    }

    @Property(tries = 300)
    void decidesLikeTheModel(@ForAll("entries") List<String> entries, @ForAll("names") String name)
            throws SQLException {
        FunctionClassAllowlist a = FunctionClassAllowlist.of(entries);
        boolean model = entries.stream().anyMatch(e -> e.endsWith(".*")
                ? name.startsWith(e.substring(0, e.length() - 1)) : name.equals(e));
        assertThat(a.allows(name)).isEqualTo(model);
        assertThat(a.allows(name + " ")).isFalse();
        assertThat(FunctionClassAllowlist.parse(a.toString())).isEqualTo(a);
    }
}
