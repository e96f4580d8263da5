package io.bstack.btree;

import io.bstack.alloc.Region;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a whole tree and checks what the tree promises: keys strictly ascending in every node and
 * within the bounds its parent's separators give, every leaf at the same depth, every non-root node
 * holding a key, no page reachable twice, the leaf chain (both directions) visiting the leaves in key
 * order, and overflow references well formed; collects every region the tree owns so a caller can
 * check them against its allocator. Throws {@link TreeCorruptException} naming the page. Not thread-safe.
 */
final class TreeVerifier {

    private final BTree tree;
    private final Set<Long> seen = new HashSet<>();
    private final List<Region> regions = new ArrayList<>();
    private final List<Long> leavesInOrder = new ArrayList<>();
    private final List<Node> leafNodes = new ArrayList<>();
    private long entries;
    private long usedBytes;
    private int leafDepth = -1;

    TreeVerifier(BTree tree) {
        this.tree = tree;
    }

    TreeStats run() throws IOException {
        walk(tree.root(), null, null, 1);
        for (int i = 0; i < leavesInOrder.size(); i++) {
            Node leaf = leafNodes.get(i);
            long expectPrev = i == 0 ? 0 : leavesInOrder.get(i - 1);
            long expectNext = i == leavesInOrder.size() - 1 ? 0 : leavesInOrder.get(i + 1);
            if (leaf.prev != expectPrev || leaf.next != expectNext) {
                throw new TreeCorruptException("leaf " + leavesInOrder.get(i) + ": links prev " + leaf.prev + " next "
                        + leaf.next + ", expected prev " + expectPrev + " next " + expectNext);
            }
        }
        long pages = seen.size();
        return new TreeStats(leafDepth, pages, leavesInOrder.size(), entries,
                (double) usedBytes / ((double) pages * tree.nodeSize()), List.copyOf(regions));
    }

    private void walk(long page, byte[] low, byte[] high, int depth) throws IOException {
        if (!seen.add(page)) {
            throw new TreeCorruptException("page " + page + " is reachable twice");
        }
        if (depth > 64) {
            throw new TreeCorruptException("page " + page + " is deeper than 64 levels");
        }
        regions.add(new Region(page, tree.pageSize()));
        Node node = tree.read(page);
        usedBytes += node.encodedSize();
        if (page != tree.root() && node.size() == 0) {
            throw new TreeCorruptException("page " + page + " is a non-root node without keys");
        }
        for (int i = 0; i < node.size(); i++) {
            byte[] k = node.keys.get(i);
            if (i > 0 && Arrays.compareUnsigned(node.keys.get(i - 1), k) >= 0) {
                throw new TreeCorruptException("page " + page + ": key " + i + " is not above key " + (i - 1));
            }
            if (low != null && Arrays.compareUnsigned(k, low) < 0 || high != null && Arrays.compareUnsigned(k, high) >= 0) {
                throw new TreeCorruptException("page " + page + ": key " + i + " lies outside its parent's bounds");
            }
        }
        if (node.leaf) {
            if (leafDepth < 0) {
                leafDepth = depth;
            } else if (leafDepth != depth) {
                throw new TreeCorruptException("leaf " + page + " at depth " + depth + ", others at " + leafDepth);
            }
            for (int i = 0; i < node.size(); i++) {
                if (node.overflow.get(i)) {
                    Region r = BTree.overflowRegion(node.values.get(i));
                    if (r.offset() < 0 || r.len() <= tree.maxInlineValue(node.keys.get(i).length)) {
                        throw new TreeCorruptException("leaf " + page + ": overflow reference " + r + " of entry " + i
                                + " is malformed");
                    }
                    regions.add(r);
                }
            }
            entries += node.size();
            leavesInOrder.add(page);
            leafNodes.add(node);
            return;
        }
        for (int i = 0; i <= node.size(); i++) {
            byte[] childLow = i == 0 ? low : node.keys.get(i - 1);
            byte[] childHigh = i == node.size() ? high : node.keys.get(i);
            walk(node.childAt(i), childLow, childHigh, depth + 1);
        }
    }
}
