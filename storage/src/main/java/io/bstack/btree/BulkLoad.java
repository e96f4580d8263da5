package io.bstack.btree;

import io.bstack.alloc.BStackAllocator;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds a tree bottom-up from entries in strictly ascending key order: leaves filled to a target
 * fraction of a page and linked as they are written, then each inner level over the one below, the
 * top node written into the root page allocated first (so the root offset is known from the start,
 * as for {@link BTree#create}). Each page is written once; no split ever runs. Not thread-safe.
 */
public final class BulkLoad {

    private BulkLoad() {
    }

    /**
     * A new tree holding {@code sorted}.
     *
     * @param fill target fraction of each page, in [0.5, 1]
     * @throws IllegalArgumentException if the keys are not strictly ascending, a key is too long, or fill is out of range
     */
    public static BTree build(ByteStack stack, BStackAllocator alloc, int pageSize,
            Iterator<Map.Entry<byte[], byte[]>> sorted, double fill) throws IOException {
        if (!(fill >= 0.5 && fill <= 1)) {
            throw new IllegalArgumentException("fill must be in [0.5, 1], was " + fill);
        }
        BTree tree = BTree.create(stack, alloc, pageSize);
        int limit = (int) (tree.nodeSize() * fill);
        List<long[]> level = new ArrayList<>(); // {page} per node, with its first key alongside
        List<byte[]> firstKeys = new ArrayList<>();
        long page = tree.allocPage();
        Node leaf = new Node(true);
        byte[] previous = null;
        while (sorted.hasNext()) {
            Map.Entry<byte[], byte[]> e = sorted.next();
            byte[] key = e.getKey();
            if (key.length > tree.maxKey()) {
                throw new IllegalArgumentException("key of " + key.length + " bytes is longer than " + tree.maxKey());
            }
            if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                throw new IllegalArgumentException("bulk load needs strictly ascending keys; got a key not above the one before it");
            }
            previous = key;
            byte[] value = e.getValue();
            boolean overflow = value.length > tree.maxInlineValue(key.length);
            int cell = 2 + Node.LEAF_CELL + key.length + (overflow ? 16 : value.length);
            if (leaf.size() > 0 && leaf.encodedSize() + cell > limit) {
                long next = tree.allocPage();
                leaf.next = next;
                tree.write(page, leaf);
                level.add(new long[] {page});
                firstKeys.add(leaf.keys.get(0));
                Node fresh = new Node(true);
                fresh.prev = page;
                leaf = fresh;
                page = next;
            }
            leaf.keys.add(key.clone());
            leaf.values.add(overflow ? tree.spill(value) : value.clone());
            leaf.overflow.add(overflow);
        }
        if (level.isEmpty()) {
            tree.freePage(page);
            tree.write(tree.root(), leaf); // one leaf (or none): the root is it
            return tree;
        }
        tree.write(page, leaf);
        level.add(new long[] {page});
        firstKeys.add(leaf.keys.get(0));
        while (level.size() > 1) {
            List<long[]> upper = new ArrayList<>();
            List<byte[]> upperKeys = new ArrayList<>();
            for (List<Integer> group : groups(firstKeys, limit)) {
                Node inner = new Node(false);
                for (int j = 0; j < group.size() - 1; j++) {
                    inner.children.add(level.get(group.get(j))[0]);
                    inner.keys.add(firstKeys.get(group.get(j + 1)));
                }
                inner.right = level.get(group.get(group.size() - 1))[0];
                long at = tree.allocPage();
                tree.write(at, inner);
                upper.add(new long[] {at});
                upperKeys.add(firstKeys.get(group.get(0)));
            }
            level = upper;
            firstKeys = upperKeys;
        }
        long top = level.get(0)[0];
        tree.write(tree.root(), tree.read(top));
        tree.freePage(top);
        return tree;
    }

    /** Splits the children of a level into inner nodes of at most {@code limit} bytes and at least two children. */
    private static List<List<Integer>> groups(List<byte[]> firstKeys, int limit) {
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int size = Node.HEADER;
        for (int i = 0; i < firstKeys.size(); i++) {
            int cell = 2 + Node.INNER_CELL + firstKeys.get(i).length; // the key that will separate child i from i-1
            if (current.size() >= 2 && size + cell > limit) {
                groups.add(current);
                current = new ArrayList<>();
                size = Node.HEADER;
            }
            current.add(i);
            size += current.size() > 1 ? cell : 0;
        }
        groups.add(current);
        if (current.size() == 1 && groups.size() > 1) {
            List<Integer> before = groups.get(groups.size() - 2);
            if (before.size() > 2) {
                current.add(0, before.remove(before.size() - 1));
            } else {
                before.addAll(current);
                groups.remove(groups.size() - 1);
            }
        }
        return groups;
    }
}
