package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The node cache against a map: never a wrong node, never more than its capacity, nothing lost below it. */
class NodeCacheProperties {

    @Property(tries = 300)
    void neverAnswersWrongAndKeepsItsBound(@ForAll @IntRange(min = 1, max = 64) int capacity,
            @ForAll @IntRange(min = 1, max = 200) int keySpace, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        NodeCache cache = new NodeCache(capacity);
        Map<Long, Node> model = new HashMap<>();
        for (int step = 0; step < 2000; step++) {
            long page = (long) r.nextInt(keySpace) * 4096 + 48; // offsets like real ones
            int op = r.nextInt(100);
            if (op < 40) {
                Node n = new Node(true);
                cache.put(page, n);
                model.put(page, n);
                assertThat(cache.get(page)).as("just put").isSameAs(n);
            } else if (op < 85) {
                Node got = cache.get(page);
                if (got != null) {
                    assertThat(got).as("cached node of %d", page).isSameAs(model.get(page));
                }
            } else if (op < 97) {
                cache.remove(page);
                model.remove(page);
                assertThat(cache.get(page)).isNull();
            } else if (op < 98) {
                cache.clear();
                assertThat(cache.size()).isZero();
            } else {
                capacity = 1 + r.nextInt(64);
                cache.capacity(capacity);
            }
            assertThat(cache.size()).isLessThanOrEqualTo(capacity);
        }
    }

    @Property(tries = 200)
    void belowItsCapacityItLosesNothing(@ForAll @IntRange(min = 1, max = 500) int keys, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        NodeCache cache = new NodeCache(keys);
        Map<Long, Node> model = new HashMap<>();
        for (int step = 0; step < 3 * keys; step++) {
            long page = r.nextLong(keys) * 4096;
            if (r.nextInt(4) == 0) {
                cache.remove(page);
                model.remove(page);
            } else {
                Node n = new Node(false);
                cache.put(page, n);
                model.put(page, n);
            }
        }
        assertThat(cache.size()).isEqualTo(model.size());
        for (long k = 0; k < keys; k++) {
            assertThat(cache.get(k * 4096)).isSameAs(model.get(k * 4096));
        }
    }

    @Property(tries = 50)
    void aHotEntrySurvivesASweepOfColdOnes(@ForAll @IntRange(min = 2, max = 64) int capacity) {
        NodeCache cache = new NodeCache(capacity);
        Node hot = new Node(true);
        cache.put(0, hot);
        for (long cold = 1; cold < 10L * capacity; cold++) {
            assertThat(cache.get(0)).as("the hot node, used between every insert").isSameAs(hot);
            cache.put(cold * 4096, new Node(true));
        }
    }
}
