package io.bstack.btree;

import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;

/**
 * Walks a tree's entries in key order, both ways. Guarantees that after the tree changes under it
 * (through the same transaction), {@link #next} and {@link #previous} still move to the entry just
 * after or before the current key as the tree now stands: the cursor remembers its key and re-seeks
 * when its leaf no longer holds it where it was. Over a read snapshot nothing changes, so it simply
 * follows the leaf links. Not thread-safe.
 */
public final class Cursor {

    private final BTree tree;
    private long page;
    private Node leaf;
    private int index = -1;
    private byte[] key;
    private long stamp = -1; // the stack's write count when the cursor landed

    Cursor(BTree tree) {
        this.tree = tree;
    }

    /** Moves to the smallest key; returns false if the tree is empty. */
    public boolean first() throws IOException {
        return seek(new byte[0]);
    }

    /** Moves to the largest key; returns false if the tree is empty. */
    public boolean last() throws IOException {
        long p = tree.root();
        Node n = tree.view(p);
        while (!n.leaf) {
            p = n.right;
            n = tree.view(p);
        }
        return settleBackward(p, n, n.size() - 1);
    }

    /** Moves to the smallest key at or after {@code target}; returns false if there is none. */
    public boolean seek(byte[] target) throws IOException {
        long p = tree.root();
        Node n = tree.view(p);
        for (int depth = 0; !n.leaf; depth++) {
            if (depth > 64) {
                throw new TreeCorruptException("tree at " + tree.root() + " is deeper than 64 levels: a cycle of child links");
            }
            p = n.childAt(n.childIndex(target));
            n = tree.view(p);
        }
        int i = n.find(target);
        return settleForward(p, n, i >= 0 ? i : -i - 1);
    }

    /** Moves to the next key; returns false (and becomes invalid) past the last one. */
    public boolean next() throws IOException {
        requireValid();
        if (!inPlace()) {
            byte[] after = successor(key);
            return seek(after);
        }
        return settleForward(page, leaf, index + 1);
    }

    /** Moves to the previous key; returns false (and becomes invalid) before the first one. */
    public boolean previous() throws IOException {
        requireValid();
        if (!inPlace()) {
            byte[] current = key;
            if (!seek(current)) {
                return last();
            }
            return settleBackward(page, leaf, index - 1);
        }
        return settleBackward(page, leaf, index - 1);
    }

    /** Whether the cursor is on an entry. */
    public boolean valid() {
        return key != null;
    }

    /** The current key. */
    public byte[] key() {
        requireValid();
        return key.clone();
    }

    /** The current value (an overflow value is read whole). */
    public byte[] value() throws IOException {
        requireValid();
        refresh();
        return tree.value(leaf, index);
    }

    /** The current value as a stream (an overflow value is read piecewise). */
    public InputStream valueStream() throws IOException {
        requireValid();
        refresh();
        return tree.valueStream(leaf, index);
    }

    /** Re-reads the leaf; re-seeks if the current key moved. */
    private void refresh() throws IOException {
        if (!inPlace()) {
            byte[] k = key;
            if (!seek(k) || !java.util.Arrays.equals(key, k)) {
                throw new IllegalStateException("the current entry was removed");
            }
        }
    }

    /** Whether the leaf, as stored now, still holds the current key at the remembered index. */
    private boolean inPlace() throws IOException {
        long now = tree.stack().writeCount();
        if (now == stamp) {
            return true; // nothing changed since the cursor landed: its leaf is still right
        }
        Node current = tree.view(page);
        if (current.leaf && index < current.size() && java.util.Arrays.equals(current.keys.get(index), key)) {
            leaf = current;
            stamp = now;
            return true;
        }
        return false;
    }

    private boolean settleForward(long p, Node n, int i) throws IOException {
        while (i >= n.size()) {
            if (n.next == 0) {
                return invalidate();
            }
            p = n.next;
            n = tree.view(p);
            i = 0;
        }
        return land(p, n, i);
    }

    private boolean settleBackward(long p, Node n, int i) throws IOException {
        while (i < 0) {
            if (n.prev == 0) {
                return invalidate();
            }
            p = n.prev;
            n = tree.view(p);
            i = n.size() - 1;
        }
        return land(p, n, i);
    }

    private boolean land(long p, Node n, int i) {
        stamp = tree.stack().writeCount();
        page = p;
        leaf = n;
        index = i;
        key = n.keys.get(i);
        return true;
    }

    private boolean invalidate() {
        key = null;
        leaf = null;
        index = -1;
        return false;
    }

    private void requireValid() {
        if (key == null) {
            throw new NoSuchElementException("the cursor is not on an entry");
        }
    }

    /** The smallest byte string greater than {@code k}: {@code k} followed by a zero byte. */
    static byte[] successor(byte[] k) {
        return java.util.Arrays.copyOf(k, k.length + 1);
    }
}
