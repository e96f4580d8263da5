package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A frozen node's primitive search finds exactly what the plain byte-wise search finds; a leaf's
 * page image patched from its base's image decodes to exactly the leaf, and keeps the base's cells
 * in place.
 */
class NodeTest {

    /**
     * Generations of a leaf: each a copy of the last written one with random inserts, removes and
     * value replacements (some of them overflow references), then written ({@link Node#image}); every
     * image must decode to the leaf, and an entry kept from the base (same key and value arrays) keeps
     * its cell's place whenever the image was patched (the base's cell area copied whole).
     */
    @Property(tries = 100)
    void patchedImagesDecodeToTheLeafAndKeepUnchangedCellsInPlace(@ForAll long seed) throws TreeCorruptException {
        Random random = new Random(seed);
        int nodeSize = random.nextBoolean() ? 496 : 4080;
        Node written = new Node(true);
        written.image(nodeSize);
        int patched = 0;
        for (int generation = 0; generation < 40; generation++) {
            Node leaf = written.copy();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                int dice = random.nextInt(3);
                if (dice == 0 && leaf.size() > 0) {
                    int i = random.nextInt(leaf.size());
                    leaf.keys.remove(i);
                    leaf.values.remove(i);
                    leaf.overflow.remove(i);
                } else if (dice == 1 && leaf.size() > 0) {
                    int i = random.nextInt(leaf.size());
                    boolean overflow = random.nextInt(5) == 0;
                    leaf.values.set(i, bytes(random, overflow ? 16 : random.nextInt(40)));
                    leaf.overflow.set(i, overflow);
                } else {
                    byte[] k = bytes(random, 1 + random.nextInt(10));
                    int at = leaf.find(k);
                    if (at < 0) {
                        leaf.keys.add(-at - 1, k);
                        leaf.values.add(-at - 1, bytes(random, random.nextInt(40)));
                        leaf.overflow.add(-at - 1, false);
                    }
                }
            }
            while (leaf.encodedSize() > nodeSize) { // keep it a leaf that fits
                leaf.keys.removeFirst();
                leaf.values.removeFirst();
                leaf.overflow.removeFirst();
            }
            leaf.prev = random.nextInt(1000);
            leaf.next = random.nextInt(1000);
            Node again = leaf.copy(); // a second copy on the way, as puts make: the base carries over
            byte[] image = again.image(nodeSize);
            Node decoded = Node.decode(image, 0);
            assertThat(decoded.keys).as("seed %d", seed).containsExactlyElementsOf(leaf.keys);
            assertThat(decoded.values).as("seed %d", seed).containsExactlyElementsOf(leaf.values);
            assertThat(decoded.overflow).containsExactlyElementsOf(leaf.overflow);
            assertThat(decoded.prev).isEqualTo(leaf.prev);
            assertThat(decoded.next).isEqualTo(leaf.next);
            int[] keptAt = new int[again.size()];
            int fresh = 0;
            int kept = 0;
            for (int i = 0, j = 0; i < again.size(); i++) {
                while (j < written.size() && written.keys.get(j) != again.keys.get(i)
                        && Arrays.compareUnsigned(written.keys.get(j), again.keys.get(i)) < 0) {
                    j++;
                }
                if (j < written.size() && written.keys.get(j) == again.keys.get(i) && written.values.get(j) == again.values.get(i)
                        && written.overflow.get(j).equals(again.overflow.get(i))) {
                    keptAt[i] = j++;
                    kept++;
                } else {
                    keptAt[i] = -1;
                    fresh += again.cellSize(i);
                }
            }
            int cellStart = (int) INT.get(image, 4);
            assertThat(Arrays.copyOfRange(image, Node.HEADER + 2 * again.size(), cellStart))
                    .as("seed %d: the gap between slots and cells", seed)
                    .isEqualTo(new byte[cellStart - Node.HEADER - 2 * again.size()]);
            if ((int) INT.get(written.image(nodeSize), 4) - fresh >= Node.HEADER + 2 * again.size()) {
                for (int i = 0; i < again.size(); i++) {
                    if (keptAt[i] >= 0) {
                        assertThat(again.cellOffset(i)).as("seed %d: kept cell %d in place", seed, i)
                                .isEqualTo(written.cellOffset(keptAt[i]));
                    }
                }
            } else {
                assertThat(cellStart).as("seed %d: encoded afresh, packed", seed)
                        .isEqualTo(nodeSize - (again.encodedSize() - Node.HEADER - 2 * again.size()));
            }
            patched += kept > 0 ? 1 : 0;
            written = again;
        }
        assertThat(patched).as("seed %d: some generations kept cells", seed).isPositive();
    }

    private static final java.lang.invoke.VarHandle INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
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
