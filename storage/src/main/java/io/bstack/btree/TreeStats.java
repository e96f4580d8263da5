package io.bstack.btree;

import io.bstack.alloc.Region;
import java.util.List;

/**
 * What {@link BTree#verify()} found in a sound tree.
 *
 * @param height levels, 1 for a tree that is one leaf
 * @param pages tree pages, the root included
 * @param leaves leaf pages
 * @param entries keys
 * @param fill bytes used in all pages over the bytes of all pages, in [0, 1]
 * @param regions every region the tree owns: its pages and its overflow values
 */
public record TreeStats(int height, long pages, long leaves, long entries, double fill, List<Region> regions) {
}
