package io.bstack.btree;

/**
 * A tree's decoded nodes by page offset, at most {@code capacity} of them. Open addressing with
 * linear probing over primitive {@code long} keys (no boxing on a lookup) and CLOCK eviction: a hit
 * sets one flag, where an access-ordered map would relink a list; when full, a hand sweeps the
 * table, clearing flags, and evicts the first entry not used since the hand last passed. The table
 * starts empty (a tree object that only reads a few pages allocates little), then at 16 slots, and
 * doubles (at most half full) up to what the capacity needs. Not thread-safe.
 */
final class NodeCache {

    private long[] keys;
    private Node[] nodes;
    private boolean[] used;
    private int mask;
    private int size;
    private int capacity;
    private int hand;

    /** The empty table a cache starts with (never written: the first put grows the table). */
    private static final long[] NO_KEYS = new long[1];
    private static final Node[] NO_NODES = new Node[1];
    private static final boolean[] NO_FLAGS = new boolean[1];

    NodeCache(int capacity) {
        this.capacity = checkCapacity(capacity);
        keys = NO_KEYS;
        nodes = NO_NODES;
        used = NO_FLAGS;
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("node cache must hold at least one node, was " + capacity);
        }
        return capacity;
    }

    private void allocate(int slots) {
        keys = new long[slots];
        nodes = new Node[slots];
        used = new boolean[slots];
        mask = slots - 1;
        size = 0;
        hand = 0;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The pages held, in no particular order. */
    long[] pages() {
        long[] out = new long[size];
        int k = 0;
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                out[k++] = keys[i];
            }
        }
        return out;
    }

    int capacity() {
        return capacity;
    }

    /** Keeps at most {@code capacity} nodes from now on, evicting at once if it holds more. */
    void capacity(int capacity) {
        this.capacity = checkCapacity(capacity);
        while (size > capacity) {
            evictOne();
        }
    }

    private int home(long page) {
        return (int) ((page * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    Node get(long page) {
        for (int i = home(page); ; i = (i + 1) & mask) {
            Node n = nodes[i];
            if (n == null) {
                return null;
            }
            if (keys[i] == page) {
                if (!used[i]) {
                    used[i] = true; // mostly set already: a read keeps the line clean
                }
                return n;
            }
        }
    }

    void put(long page, Node node) {
        java.util.Objects.requireNonNull(node, "node");
        int i = slotOf(page);
        if (i >= 0) {
            nodes[i] = node;
            used[i] = true;
            return;
        }
        if (size >= capacity) {
            evictOne();
        } else if ((size + 1) * 2 > nodes.length) {
            grow(); // the first put leaves the shared empty table
        }
        insert(page, node);
    }

    void remove(long page) {
        int i = slotOf(page);
        if (i >= 0) {
            deleteAt(i);
        }
    }

    void clear() {
        if (size > 0) {
            java.util.Arrays.fill(nodes, null);
            java.util.Arrays.fill(used, false);
            size = 0;
        }
    }

    private int slotOf(long page) {
        for (int i = home(page); ; i = (i + 1) & mask) {
            if (nodes[i] == null) {
                return -1;
            }
            if (keys[i] == page) {
                return i;
            }
        }
    }

    private void insert(long page, Node node) {
        int i = home(page);
        while (nodes[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = page;
        nodes[i] = node;
        used[i] = false;
        size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        Node[] oldNodes = nodes;
        allocate(Math.max(16, oldNodes.length * 2));
        for (int i = 0; i < oldNodes.length; i++) {
            if (oldNodes[i] != null) {
                insert(oldKeys[i], oldNodes[i]);
            }
        }
    }

    private void evictOne() {
        while (true) {
            int i = hand;
            hand = (hand + 1) & mask;
            if (nodes[i] == null) {
                continue;
            }
            if (used[i]) {
                used[i] = false;
                continue;
            }
            deleteAt(i);
            return;
        }
    }

    /** Empties slot {@code i}, shifting later entries of its probe run back so every entry stays reachable. */
    private void deleteAt(int i) {
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (nodes[j] == null) {
                break;
            }
            int k = home(keys[j]);
            boolean stays = i <= j ? i < k && k <= j : i < k || k <= j;
            if (stays) {
                continue;
            }
            keys[i] = keys[j];
            nodes[i] = nodes[j];
            used[i] = used[j];
            i = j;
        }
        nodes[i] = null;
        used[i] = false;
        size--;
    }
}
