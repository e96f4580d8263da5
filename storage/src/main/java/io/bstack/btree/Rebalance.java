package io.bstack.btree;

import java.io.IOException;
import java.util.List;

/**
 * Restores a tree after a delete: a non-root node below a quarter of a page (or empty) is merged with
 * a sibling when both fit one page, freeing the right one and taking its separator out of the parent
 * (which may then underflow in turn); otherwise entries move over from the sibling and the separator
 * is replaced (the parent may then overflow, and splits). An inner root left without keys takes its
 * only child's cells. One call's worth of state; not thread-safe.
 */
final class Rebalance {

    private final BTree tree;
    private final int pageSize;

    Rebalance(BTree tree) {
        this.tree = tree;
        this.pageSize = tree.nodeSize();
    }

    /** {@code node} is the changed node at the end of {@code path}. */
    void after(List<long[]> path, Node node) throws IOException {
        int level = path.size() - 1;
        while (true) {
            long page = path.get(level)[0];
            if (page == tree.root()) {
                writeRoot(node);
                return;
            }
            if (node.size() > 0 && (node.encodedSize() - Node.HEADER) * 4 >= pageSize - Node.HEADER) {
                tree.write(page, node);
                return;
            }
            long parentPage = path.get(level - 1)[0];
            Node parent = tree.readForUpdate(parentPage);
            int ci = (int) path.get(level - 1)[1];
            int sep = ci > 0 ? ci - 1 : ci;
            long leftPage = parent.childAt(sep);
            long rightPage = parent.childAt(sep + 1);
            Node left = leftPage == page ? node : tree.readForUpdate(leftPage);
            Node right = rightPage == page ? node : tree.readForUpdate(rightPage);
            byte[] separator = parent.keys.get(sep);
            int merged = left.encodedSize() + right.encodedSize() - Node.HEADER
                    + (left.leaf ? 0 : 2 + Node.INNER_CELL + separator.length);
            if (merged <= pageSize) {
                merge(left, right, separator, leftPage);
                tree.write(leftPage, left);
                tree.freePage(rightPage);
                parent.keys.remove(sep);
                parent.children.remove(sep);
                parent.setChild(sep, leftPage);
                node = parent;
                level--;
                continue;
            }
            byte[] newSeparator = redistribute(left, right, separator);
            tree.write(leftPage, left);
            tree.write(rightPage, right);
            parent.keys.set(sep, newSeparator);
            tree.writeUp(path, level - 1, parent); // a longer separator may overflow the parent
            return;
        }
    }

    private void writeRoot(Node node) throws IOException {
        if (!node.leaf && node.size() == 0) {
            long only = node.right;
            Node child = tree.readForUpdate(only);
            tree.write(tree.root(), child);
            tree.freePage(only);
            return;
        }
        tree.write(tree.root(), node);
    }

    /** Appends {@code right}'s cells (and, for inner nodes, the separator between them) to {@code left}. */
    private void merge(Node left, Node right, byte[] separator, long leftPage) throws IOException {
        if (left.leaf) {
            right.moveTail(0, left);
            left.next = right.next;
            if (left.next != 0) {
                Node after = tree.readForUpdate(left.next);
                after.prev = leftPage;
                tree.write(left.next, after);
            }
            return;
        }
        left.keys.add(separator);
        left.children.add(left.right);
        right.moveTail(0, left);
        left.right = right.right;
    }

    /** Moves entries from the fuller node to the other until they are about even; returns the new separator. */
    private byte[] redistribute(Node left, Node right, byte[] separator) {
        byte[] sep = separator;
        while (true) {
            boolean leftward = left.encodedSize() < right.encodedSize();
            Node donor = leftward ? right : left;
            Node receiver = leftward ? left : right;
            int moving = 2 + (leftward ? donor.cellSize(0) : donor.cellSize(donor.size() - 1));
            if (donor.size() <= 1 || receiver.encodedSize() + moving >= donor.encodedSize()) {
                break;
            }
            sep = leftward ? rotateLeft(left, right, sep) : rotateRight(left, right, sep);
        }
        return left.leaf ? right.keys.get(0).clone() : sep;
    }

    private static byte[] rotateLeft(Node left, Node right, byte[] sep) {
        if (left.leaf) {
            left.keys.add(right.keys.remove(0));
            left.values.add(right.values.remove(0));
            left.overflow.add(right.overflow.remove(0));
            return sep;
        }
        left.keys.add(sep);
        left.children.add(left.right);
        left.right = right.children.remove(0);
        return right.keys.remove(0);
    }

    private static byte[] rotateRight(Node left, Node right, byte[] sep) {
        int last = left.size() - 1;
        if (left.leaf) {
            right.keys.add(0, left.keys.remove(last));
            right.values.add(0, left.values.remove(last));
            right.overflow.add(0, left.overflow.remove(last));
            return sep;
        }
        right.keys.add(0, sep);
        right.children.add(0, left.right);
        left.right = left.children.remove(last);
        return left.keys.remove(last);
    }
}
