package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A frozen node's primitive search, and a paged leaf's, find exactly what the plain byte-wise
 * search finds; a paged leaf changed by puts holds what a node of lists changed the same way holds.
 */
class NodeTest {

    /** Sorted distinct keys sharing stems, of lengths around 8, with 0x00 and 0xFF bytes, so prefixes tie often. */
    private static List<byte[]> tyingKeys(Random random, byte[] stem, int n) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] k = Arrays.copyOf(stem, random.nextInt(14));
            for (int j = Math.min(stem.length, k.length); j < k.length; j++) {
                k[j] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(4) == 0 ? 0xFF : random.nextInt(256));
            }
            keys.add(k);
        }
        keys.sort(Arrays::compareUnsigned);
        List<byte[]> distinct = new ArrayList<>();
        for (byte[] k : keys) {
            if (distinct.isEmpty() || Arrays.compareUnsigned(distinct.get(distinct.size() - 1), k) != 0) {
                distinct.add(k);
            }
        }
        return distinct;
    }

    /**
     * Puts in random order into a paged leaf (each through {@link Node#withPut}, reusing or copying
     * the page) and into a node of lists: after each, the same entries, the same search results,
     * the same encoded size, and the page decodes to them.
     */
    @Property(tries = 200)
    void aPagedLeafTakesPutsAsListsDo(@ForAll long seed) throws TreeCorruptException {
        Random random = new Random(seed);
        byte[] stem = new byte[random.nextInt(12)];
        random.nextBytes(stem);
        List<byte[]> keys = tyingKeys(random, stem, 40);
        java.util.Collections.shuffle(keys, random);
        Node lists = new Node(true);
        lists.prev = 4096;
        lists.next = 8192;
        Node paged = Node.fromPage(lists.encode(1024), 7);
        assertThat(paged.paged()).isTrue();
        for (byte[] k : keys) {
            byte[] v = new byte[random.nextInt(3) == 0 ? 16 : random.nextInt(20)];
            random.nextBytes(v);
            boolean flag = v.length == 16 && random.nextBoolean();
            if (lists.encodedSize() + 2 + Node.LEAF_CELL + k.length + v.length > 1024) {
                break;
            }
            int i = paged.find(k);
            assertThat(i).isEqualTo(lists.find(k));
            Node next = paged.withPut(i, k, v, flag, random.nextBoolean());
            int at = -i - 1;
            lists.keys.add(at, k);
            lists.values.add(at, v);
            lists.overflow.add(at, flag);
            assertThat(next).isNotNull();
            paged = next;
            if (random.nextInt(3) == 0 && !lists.keys.isEmpty()) { // a value of the same length, replaced
                int r = random.nextInt(lists.size());
                byte[] w = new byte[lists.values.get(r).length];
                random.nextBytes(w);
                paged = paged.withPut(r, lists.keys.get(r), w, lists.overflow.get(r), random.nextBoolean());
                lists.values.set(r, w);
            }
            assertThat(paged.size()).isEqualTo(lists.size());
            assertThat(paged.encodedSize()).isEqualTo(lists.encodedSize());
            assertThat(paged.prev).isEqualTo(4096);
            assertThat(paged.next).isEqualTo(8192);
            Node decoded = Node.decode(paged.pageBytes(1024), 7);
            for (int e = 0; e < lists.size(); e++) {
                assertThat(decoded.keys.get(e)).isEqualTo(lists.keys.get(e));
                assertThat(decoded.values.get(e)).isEqualTo(lists.values.get(e));
                assertThat(decoded.overflow.get(e)).isEqualTo(lists.overflow.get(e));
                assertThat(paged.keys.get(e)).isEqualTo(lists.keys.get(e));
                assertThat(paged.valueCopy(e)).isEqualTo(lists.values.get(e));
                assertThat(paged.overflowAt(e)).isEqualTo(lists.overflow.get(e));
            }
        }
        for (int probe = 0; probe < 100; probe++) {
            byte[] key = Arrays.copyOf(stem, random.nextInt(14));
            if (probe % 2 == 1) {
                random.nextBytes(key);
            }
            assertThat(paged.find(key)).as("seed %d, key %s", seed, Arrays.toString(key)).isEqualTo(lists.find(key));
        }
        assertThat(paged.withPut(0, lists.size() == 0 ? new byte[0] : lists.keys.get(0), new byte[lists.size() == 0 ? 1
                : lists.values.get(0).length + 1], false, false)).as("another length: not in place").isNull();
    }

    @Property(tries = 200)
    void frozenSearchAgreesWithByteSearch(@ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> keys = new ArrayList<>();
        byte[] stem = new byte[random.nextInt(12)];
        random.nextBytes(stem);
        for (int i = 0; i < 60; i++) {
            // keys sharing stems, of lengths around 8, with 0x00 and 0xFF bytes, so prefixes tie often
            byte[] k = Arrays.copyOf(stem, random.nextInt(14));
            for (int j = Math.min(stem.length, k.length); j < k.length; j++) {
                k[j] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(4) == 0 ? 0xFF : random.nextInt(256));
            }
            keys.add(k);
        }
        keys.sort(Arrays::compareUnsigned);
        Node plain = new Node(true);
        for (byte[] k : keys) {
            if (plain.keys.isEmpty() || Arrays.compareUnsigned(plain.keys.get(plain.keys.size() - 1), k) != 0) {
                plain.keys.add(k);
                plain.values.add(new byte[0]);
                plain.overflow.add(false);
            }
        }
        Node frozen = plain.copy().freeze();
        for (int probe = 0; probe < 200; probe++) {
            byte[] key = probe % 2 == 0 ? plain.keys.get(random.nextInt(plain.size())).clone()
                    : Arrays.copyOf(stem, random.nextInt(14));
            if (probe % 4 == 1) {
                random.nextBytes(key);
            }
            assertThat(frozen.find(key)).as("seed %d, key %s", seed, Arrays.toString(key)).isEqualTo(plain.find(key));
        }
    }
}
