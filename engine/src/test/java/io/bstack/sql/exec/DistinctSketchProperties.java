package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** {@link DistinctSketch}: exact while small, within a few per cent when large, equal as SQL groups. */
class DistinctSketchProperties {

    @Property(tries = 200)
    void smallSetsAreCountedExactly(@ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 900) Integer> values) {
        DistinctSketch sketch = new DistinctSketch();
        values.forEach(sketch::add);
        assertThat(sketch.estimate()).isEqualTo(new HashSet<>(values).size());
    }

    @Property(tries = 25)
    void largeSetsAreEstimatedWithinSixPerCent(@ForAll @IntRange(min = 2_000, max = 200_000) int distinct,
            @ForAll @IntRange(min = 1, max = 3) int repeats, @ForAll long seed) {
        DistinctSketch sketch = new DistinctSketch();
        java.util.Random random = new java.util.Random(seed);
        Set<Long> truth = new HashSet<>();
        while (truth.size() < distinct) {
            truth.add(random.nextLong());
        }
        for (int r = 0; r < repeats; r++) {
            truth.forEach(sketch::add);
        }
        assertThat((double) sketch.estimate()).isCloseTo(distinct, org.assertj.core.data.Percentage.withPercentage(6));
    }

    @Example
    void denseKeysAndStringsAreEstimatedToo() {
        DistinctSketch ints = new DistinctSketch();
        DistinctSketch strings = new DistinctSketch();
        for (int i = 0; i < 50_000; i++) {
            ints.add(i);
            strings.add("customer-" + i);
        }
        assertThat((double) ints.estimate()).isCloseTo(50_000, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat((double) strings.estimate()).isCloseTo(50_000, org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Example
    void valuesAreEqualAsSqlGroupsThem() {
        DistinctSketch sketch = new DistinctSketch();
        sketch.add(new BigDecimal("1.0"));
        sketch.add(new BigDecimal("1.00"));
        sketch.add(new BigDecimal("0.000"));
        sketch.add(BigDecimal.ZERO);
        sketch.add(new byte[] {1, 2});
        sketch.add(new byte[] {1, 2});
        assertThat(sketch.estimate()).isEqualTo(3);
    }
}
