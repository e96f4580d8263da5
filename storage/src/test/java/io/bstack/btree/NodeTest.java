package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A frozen node's primitive search finds exactly what the plain byte-wise search finds. */
class NodeTest {

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
