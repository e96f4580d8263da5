package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.AllocatorFactory;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.FirstFitFactory;
import io.bstack.alloc.GhostTreeFactory;
import io.bstack.alloc.Region;
import io.bstack.alloc.SegregatedFactory;
import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The tree against a {@link TreeMap} model: random puts (short, inline and overflowing values),
 * removes, lookups and cursor walks in both directions, in sessions separated by closing and
 * reopening the file, with {@code verify()} and the allocator's own check (the tree's regions are
 * exactly the live ones) after every session.
 */
class TreeModelProperties {

    private static final HexFormat HEX = HexFormat.of();

    @Property(tries = 40)
    void treeMatchesTreeMap(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int allocatorKind) throws IOException {
        AllocatorFactory factory = switch (allocatorKind) {
            case 0 -> new GhostTreeFactory();
            case 1 -> new FirstFitFactory();
            default -> new SegregatedFactory();
        };
        Random random = new Random(seed);
        int pageSize = random.nextBoolean() ? 512 : 4096;
        Path dir = Files.createTempDirectory("tree-model");
        Path file = dir.resolve("tree.bstack");
        TreeMap<String, byte[]> model = new TreeMap<>();
        long root = -1;
        int keySpace = 20 + random.nextInt(400);
        String context = "seed " + seed + ", " + factory.name() + ", page " + pageSize;
        try {
            for (int session = 0; session < 4; session++) {
                try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
                    BStackAllocator alloc = stack.isEmpty() ? factory.create(stack) : factory.open(stack);
                    BTree tree = root < 0 ? BTree.create(stack, alloc, pageSize) : BTree.open(stack, alloc, pageSize, root);
                    root = tree.root();
                    int ops = 50 + random.nextInt(400);
                    for (int op = 0; op < ops; op++) {
                        step(tree, model, random, keySpace, context);
                    }
                    check(tree, model, context);
                    TreeStats stats = tree.verify();
                    assertThat(stats.entries()).as(context).isEqualTo(model.size());
                    factory.verify(alloc, live(alloc, stats));
                    alloc.intoStack();
                }
            }
            try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
                BStackAllocator alloc = factory.open(stack);
                BTree tree = BTree.open(stack, alloc, pageSize, root);
                check(tree, model, context);
                tree.drop();
                factory.verify(alloc, List.of());
                alloc.intoStack();
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static List<Region> live(BStackAllocator alloc, TreeStats stats) {
        return new ArrayList<>(stats.regions());
    }

    private static void step(BTree tree, TreeMap<String, byte[]> model, Random random, int keySpace, String context)
            throws IOException {
        byte[] key = key(random, keySpace, tree.maxKey());
        String k = HEX.formatHex(key);
        int dice = random.nextInt(100);
        if (dice < 55) {
            byte[] value = value(random, tree.pageSize());
            boolean fresh = tree.put(key, value);
            assertThat(fresh).as(context + ": put of " + k + " reports new").isEqualTo(!model.containsKey(k));
            model.put(k, value);
        } else if (dice < 85) {
            boolean removed = tree.remove(key);
            assertThat(removed).as(context + ": remove of " + k).isEqualTo(model.remove(k) != null);
        } else {
            assertThat(tree.get(key)).as(context + ": get of " + k).isEqualTo(model.get(k));
        }
    }

    /** Keys of varied length sharing prefixes, so separators and ordering of prefixes are exercised. */
    private static byte[] key(Random random, int keySpace, int maxKey) {
        int n = random.nextInt(keySpace);
        int len = Math.min(maxKey, 1 + (n % 7) * (n % 3 == 0 ? 9 : 1));
        byte[] key = new byte[len];
        Random derived = new Random(n);
        derived.nextBytes(key);
        key[0] = (byte) (n % 5 == 0 ? 0 : n % 5 == 1 ? 0xFF : key[0]);
        return key;
    }

    private static byte[] value(Random random, int pageSize) {
        int kind = random.nextInt(10);
        int len = kind < 6 ? random.nextInt(20) : kind < 9 ? random.nextInt(pageSize / 8) : pageSize + random.nextInt(3 * pageSize);
        byte[] v = new byte[len];
        random.nextBytes(v);
        return v;
    }

    private static void check(BTree tree, TreeMap<String, byte[]> model, String context) throws IOException {
        Cursor c = tree.cursor();
        List<String> forward = new ArrayList<>();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            String k = HEX.formatHex(c.key());
            forward.add(k);
            assertThat(c.value()).as(context + ": value of " + k).isEqualTo(model.get(k));
            try (InputStream in = c.valueStream()) {
                assertThat(in.readAllBytes()).as(context + ": streamed value of " + k).isEqualTo(model.get(k));
            }
        }
        assertThat(forward).as(context + ": keys forward").containsExactlyElementsOf(model.keySet());
        List<String> backward = new ArrayList<>();
        for (boolean ok = c.last(); ok; ok = c.previous()) {
            backward.add(HEX.formatHex(c.key()));
        }
        assertThat(backward).as(context + ": keys backward").containsExactlyElementsOf(model.descendingKeySet());
        if (!model.isEmpty()) {
            String probe = model.keySet().stream().skip(model.size() / 2).findFirst().orElseThrow();
            assertThat(c.seek(HEX.parseHex(probe))).isTrue();
            assertThat(HEX.formatHex(c.key())).isEqualTo(probe);
            Map.Entry<String, byte[]> after = model.higherEntry(probe);
            assertThat(c.next()).isEqualTo(after != null);
            if (after != null) {
                assertThat(HEX.formatHex(c.key())).isEqualTo(after.getKey());
            }
        }
    }
}
