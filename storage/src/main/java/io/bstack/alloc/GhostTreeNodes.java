package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One edit of the {@link GhostTreeAllocator}'s free tree: an AVL tree whose nodes live in the free
 * blocks themselves ({@link GhostTreeNode}), keyed by {@code (size, ptr)}, with its root pointer
 * at payload offset 40. The algorithms are the crate's (iterative down-pass recording the path,
 * up-pass rewriting every ancestor with both child heights known, rebalance on {@code |balance| > 1},
 * best fit = the last fitting node of a left-leaning descent, successor replacement), so an edit
 * leaves exactly the bytes the crate's node-by-node writes leave.
 *
 * <p>Unlike the crate, an edit does not write as it goes: nodes it writes stay in memory (reads
 * see them), and {@link #commit} hands every changed node, the new root and any scrubbed node
 * bytes to the store as one all-or-nothing write ({@link BStack#setBatched}). A crash therefore
 * never leaves a torn rotation behind. If that write fails, {@link #landed} reads back whether
 * the stack rolled it forward anyway.
 *
 * <p>Every node read is checked (aligned arena address, size a positive multiple of 32 inside
 * the stack) and descents stop at {@value #MAX_DEPTH} levels: a damaged tree raises
 * {@link BStackCorruptException} instead of being followed.
 */
final class GhostTreeNodes {
    static final long ROOT_AT = 40;
    static final long ARENA_START = 48;
    static final long GRANULE = 32;
    static final int MAX_DEPTH = 128;

    /** Where the tree's bytes live: the allocator's stack, or memory in tests. */
    interface Store {
        void read(long offset, byte[] into) throws IOException;

        /** Applies every write, all or nothing. */
        void write(List<StackWrite> writes) throws IOException;

        /** The payload length: no node may reach past it. */
        long end();

        static Store of(ByteStack stack) {
            return new Store() {
                @Override
                public void read(long offset, byte[] into) throws IOException {
                    stack.getInto(offset, into);
                }

                @Override
                public void write(List<StackWrite> writes) throws IOException {
                    stack.setBatched(writes);
                }

                @Override
                public long end() {
                    return stack.len();
                }
            };
        }
    }

    /** A subtree after an edit: its root and height. */
    record Subtree(long ptr, int height) {}

    /** A free block: where it starts and how long it is. */
    record Block(long ptr, long size) {
        long end() {
            return ptr + size;
        }
    }

    /** Whether a failed call took effect anyway (the stack may roll a failed call forward). */
    enum Landed {
        YES, NO, UNKNOWN
    }

    private record Step(GhostTreeNode node, boolean wentLeft) {}

    private final Store store;
    private long originalRoot = -1;
    private long root = -1;
    private final Map<Long, GhostTreeNode> found = new HashMap<>();
    private final Map<Long, GhostTreeNode> written = new LinkedHashMap<>();
    private final Map<Long, Integer> scrubs = new LinkedHashMap<>();
    private boolean attempted;

    GhostTreeNodes(Store store) {
        this.store = store;
    }

    static boolean isBlockAddress(long ptr) {
        return ptr >= ARENA_START && (ptr & (GRANULE - 1)) == ARENA_START % GRANULE;
    }

    // ------------------------------------------------------------------ node access

    long root() throws IOException {
        if (root < 0) {
            byte[] b = new byte[8];
            store.read(ROOT_AT, b);
            long r = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (r != 0 && !isBlockAddress(r)) {
                throw new BStackCorruptException("GhostTree root pointer " + Long.toUnsignedString(r) + " is not a block address");
            }
            originalRoot = r;
            root = r;
        }
        return root;
    }

    private void setRoot(long r) throws IOException {
        root();
        root = r;
    }

    GhostTreeNode node(long ptr) throws IOException {
        GhostTreeNode n = written.get(ptr);
        if (n == null) {
            n = found.get(ptr);
        }
        if (n != null) {
            return n;
        }
        long end = store.end();
        if (!isBlockAddress(ptr) || ptr > end - GhostTreeNode.BYTES) {
            throw new BStackCorruptException("GhostTree node pointer " + Long.toUnsignedString(ptr)
                    + " is not a block address inside the " + end + "-byte stack");
        }
        byte[] b = new byte[GhostTreeNode.BYTES];
        store.read(ptr, b);
        n = GhostTreeNode.decode(ptr, b);
        if (Long.compareUnsigned(n.size(), GRANULE) < 0 || (n.size() & (GRANULE - 1)) != 0
                || Long.compareUnsigned(n.size(), end - ptr) > 0) {
            throw new BStackCorruptException("GhostTree node at " + ptr + " claims size " + Long.toUnsignedString(n.size())
                    + " (not a multiple of 32 inside the " + end + "-byte stack)");
        }
        found.put(ptr, n);
        return n;
    }

    private int height(long ptr) throws IOException {
        return ptr == 0 ? 0 : node(ptr).height();
    }

    private GhostTreeNode write(long ptr, long size, long left, long right, int leftHeight, int rightHeight) {
        GhostTreeNode n = GhostTreeNode.of(ptr, size, left, right, leftHeight, rightHeight);
        written.put(ptr, n);
        return n;
    }

    private GhostTreeNode writeReadingHeights(long ptr, long size, long left, long right) throws IOException {
        return write(ptr, size, left, right, height(left), height(right));
    }

    // ------------------------------------------------------------------ AVL

    private Subtree rotateRight(long ptr) throws IOException {
        GhostTreeNode n = node(ptr);
        GhostTreeNode pivot = node(n.left());
        GhostTreeNode lowered = write(ptr, n.size(), pivot.right(), n.right(), pivot.rightHeight(), n.rightHeight());
        GhostTreeNode raised = write(pivot.ptr(), pivot.size(), pivot.left(), ptr, pivot.leftHeight(), lowered.height());
        return new Subtree(raised.ptr(), raised.height());
    }

    private Subtree rotateLeft(long ptr) throws IOException {
        GhostTreeNode n = node(ptr);
        GhostTreeNode pivot = node(n.right());
        GhostTreeNode lowered = write(ptr, n.size(), n.left(), pivot.left(), n.leftHeight(), pivot.leftHeight());
        GhostTreeNode raised = write(pivot.ptr(), pivot.size(), ptr, pivot.right(), lowered.height(), pivot.rightHeight());
        return new Subtree(raised.ptr(), raised.height());
    }

    /** Repairs {@code |balance| > 1} at a node just written (children balanced); returns the subtree. */
    private Subtree rebalance(GhostTreeNode n) throws IOException {
        if (n.balance() < -1) {
            if (node(n.left()).balance() > 0) {
                Subtree left = rotateLeft(n.left());
                GhostTreeNode now = node(n.ptr());
                writeReadingHeights(now.ptr(), now.size(), left.ptr(), now.right());
            }
            return rotateRight(n.ptr());
        }
        if (n.balance() > 1) {
            if (node(n.right()).balance() < 0) {
                Subtree right = rotateRight(n.right());
                GhostTreeNode now = node(n.ptr());
                writeReadingHeights(now.ptr(), now.size(), now.left(), right.ptr());
            }
            return rotateLeft(n.ptr());
        }
        return new Subtree(n.ptr(), n.height());
    }

    /** Rewrites the ancestors on {@code path} bottom-up with the changed child, rebalancing each. */
    private Subtree climb(List<Step> path, int from, Subtree child) throws IOException {
        for (int i = from - 1; i >= 0; i--) {
            GhostTreeNode a = path.get(i).node();
            GhostTreeNode w = path.get(i).wentLeft()
                    ? write(a.ptr(), a.size(), child.ptr(), a.right(), child.height(), a.rightHeight())
                    : write(a.ptr(), a.size(), a.left(), child.ptr(), a.leftHeight(), child.height());
            child = rebalance(w);
        }
        return child;
    }

    private static void checkDepth(int depth, String what) throws BStackCorruptException {
        if (depth >= MAX_DEPTH) {
            throw new BStackCorruptException("GhostTree " + what + " went deeper than " + MAX_DEPTH
                    + " levels: the tree is damaged (a cycle?)");
        }
    }

    /** Adds the free block {@code [ptr, ptr+size)}; its node bytes are written by this edit. */
    void insert(long ptr, long size) throws IOException {
        List<Step> path = new ArrayList<>();
        for (long cur = root(); cur != 0; ) {
            checkDepth(path.size(), "insert");
            GhostTreeNode n = node(cur);
            boolean left = n.sortsAfter(size, ptr);
            path.add(new Step(n, left));
            cur = left ? n.left() : n.right();
        }
        write(ptr, size, 0, 0, 0, 0);
        setRoot(climb(path, path.size(), new Subtree(ptr, 1)).ptr());
    }

    /** Unlinks the leftmost node under {@code top}; returns it and the subtree's new root. */
    private GhostTreeNode removeMin(long top, long[] newTop) throws IOException {
        List<Step> path = new ArrayList<>();
        long cur = top;
        while (true) {
            GhostTreeNode n = node(cur);
            if (n.left() == 0) {
                newTop[0] = climb(path, path.size(), new Subtree(n.right(), n.rightHeight())).ptr();
                return n;
            }
            checkDepth(path.size(), "minimum search");
            path.add(new Step(n, true));
            cur = n.left();
        }
    }

    /** Removes and returns the smallest block of at least {@code minSize} bytes, or null. */
    Block removeBestFit(long minSize) throws IOException {
        List<Step> path = new ArrayList<>();
        int fit = -1;
        for (long cur = root(); cur != 0; ) {
            checkDepth(path.size(), "best-fit search");
            GhostTreeNode n = node(cur);
            boolean fits = Long.compareUnsigned(n.size(), minSize) >= 0;
            if (fits) {
                fit = path.size();
            }
            path.add(new Step(n, fits));
            cur = fits ? n.left() : n.right();
        }
        return fit < 0 ? null : unlink(path, fit);
    }

    /**
     * Removes and returns a free block that holds {@code block} bytes starting at an offset
     * {@code o} with {@code (o + lead) % align == 0} (see {@link #alignedStart}): the first such in
     * key order (smallest first) among the first {@code budget} blocks of at least {@code block}
     * bytes, else the smallest block of at least {@code block + align - GRANULE} bytes (every such
     * block holds one, since blocks and aligned starts are both on the 32-byte grid); null if none.
     */
    Block removeAlignedFit(long block, long align, long lead, int budget) throws IOException {
        long size = block;
        long ptr = 0;
        for (int seen = 0; seen < budget; seen++) {
            GhostTreeNode n = ceiling(size, ptr);
            if (n == null) {
                return null;
            }
            if (holdsAligned(n.ptr(), n.size(), block, align, lead)) {
                return removeExact(n.size(), n.ptr());
            }
            size = n.size();
            ptr = n.ptr() + 1;
        }
        GhostTreeNode n = ceiling(block + align - GRANULE, 0);
        return n != null && holdsAligned(n.ptr(), n.size(), block, align, lead) ? removeExact(n.size(), n.ptr()) : null;
    }

    /** The first offset at or after {@code ptr} that is {@code lead} bytes before a multiple of {@code align}. */
    static long alignedStart(long ptr, long align, long lead) {
        return ((ptr + lead + align - 1) & -align) - lead;
    }

    private static boolean holdsAligned(long ptr, long size, long block, long align, long lead) {
        return alignedStart(ptr, align, lead) + block <= ptr + size;
    }

    /** The node with the smallest key at or above {@code (size, ptr)}, or null. */
    private GhostTreeNode ceiling(long size, long ptr) throws IOException {
        GhostTreeNode best = null;
        int depth = 0;
        for (long cur = root(); cur != 0; depth++) {
            checkDepth(depth, "ceiling search");
            GhostTreeNode n = node(cur);
            int c = Long.compareUnsigned(n.size(), size);
            boolean atOrAbove = c != 0 ? c > 0 : Long.compareUnsigned(n.ptr(), ptr) >= 0;
            if (atOrAbove) {
                best = n;
            }
            cur = atOrAbove ? n.left() : n.right();
        }
        return best;
    }

    /** Removes the node of key {@code (size, ptr)}, which is in the tree. */
    private Block removeExact(long size, long ptr) throws IOException {
        List<Step> path = new ArrayList<>();
        for (long cur = root(); cur != 0; ) {
            checkDepth(path.size(), "removal");
            GhostTreeNode n = node(cur);
            if (n.size() == size && n.ptr() == ptr) {
                path.add(new Step(n, true));
                return unlink(path, path.size() - 1);
            }
            boolean left = n.sortsAfter(size, ptr);
            path.add(new Step(n, left));
            cur = left ? n.left() : n.right();
        }
        throw new BStackCorruptException("GhostTree: free block [" + ptr + ", +" + size + ") vanished during an edit");
    }

    /** Unlinks the node at {@code path[fit]} (its ancestors above it on the path); returns its block. */
    private Block unlink(List<Step> path, int fit) throws IOException {
        GhostTreeNode f = path.get(fit).node();
        Subtree replacement;
        if (f.left() == 0) {
            replacement = new Subtree(f.right(), f.rightHeight());
        } else if (f.right() == 0) {
            replacement = new Subtree(f.left(), f.leftHeight());
        } else {
            long[] right = new long[1];
            GhostTreeNode successor = removeMin(f.right(), right);
            replacement = rebalance(writeReadingHeights(successor.ptr(), successor.size(), f.left(), right[0]));
        }
        setRoot(climb(path, fit, replacement).ptr());
        return new Block(f.ptr(), f.size());
    }

    /**
     * Zeroes bytes {@code [from, 32)} of the node at {@code ptr}, read (and unlinked) by this edit:
     * a block handed out whole must not keep its stale node.
     */
    void scrub(long ptr, int from) throws IOException {
        node(ptr);
        if (written.containsKey(ptr)) {
            throw new IllegalStateException("node " + ptr + " is still part of the tree");
        }
        if (from < GhostTreeNode.BYTES) {
            scrubs.put(ptr, from);
        }
    }

    // ------------------------------------------------------------------ walking and rebuilding

    /** Every node reachable from the root, in key order; a node reachable twice is listed twice. */
    List<GhostTreeNode> walk() throws IOException {
        List<GhostTreeNode> out = new ArrayList<>();
        long budget = 4 * (store.end() / GRANULE) + 4L * MAX_DEPTH;
        List<GhostTreeNode> stack = new ArrayList<>();
        long cur = root();
        while (true) {
            while (cur != 0) {
                checkDepth(stack.size(), "walk");
                GhostTreeNode n = node(cur);
                stack.add(n);
                cur = n.left();
            }
            if (stack.isEmpty()) {
                return out;
            }
            GhostTreeNode n = stack.remove(stack.size() - 1);
            out.add(n);
            if (out.size() > budget) {
                throw new BStackCorruptException("GhostTree walk visited more than " + budget + " nodes: the tree has a cycle");
            }
            cur = n.right();
        }
    }

    /**
     * The crate's open-time repair: collects every reachable node, drops duplicates (a node a torn
     * rotation left under two parents), merges address-adjacent blocks (scrubbing the absorbed
     * nodes) and replaces the tree by a perfectly balanced one built from the blocks in key
     * order (middle element {@code lo + (hi - lo) / 2} at each level). Overlapping blocks are
     * refused as corruption. Returns the free blocks in address order; commit to persist.
     */
    List<Block> coalesceAndRebuild() throws IOException {
        List<GhostTreeNode> nodes = new ArrayList<>(walk());
        if (nodes.isEmpty()) {
            return List.of();
        }
        nodes.sort(Comparator.comparingLong(GhostTreeNode::ptr));
        List<Block> merged = new ArrayList<>();
        long lastPtr = -1;
        for (GhostTreeNode n : nodes) {
            if (n.ptr() == lastPtr) {
                continue;
            }
            lastPtr = n.ptr();
            Block prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (prev != null && prev.end() > n.ptr()) {
                throw new BStackCorruptException("GhostTree free blocks [" + prev.ptr() + ", " + prev.end() + ") and ["
                        + n.ptr() + ", " + n.end() + ") overlap");
            }
            if (prev != null && prev.end() == n.ptr()) {
                merged.set(merged.size() - 1, new Block(prev.ptr(), prev.size() + n.size()));
                scrubs.put(n.ptr(), 0);
            } else {
                merged.add(new Block(n.ptr(), n.size()));
            }
        }
        List<Block> byKey = new ArrayList<>(merged);
        byKey.sort(Comparator.comparingLong(Block::size).thenComparingLong(Block::ptr));
        setRoot(build(byKey, 0, byKey.size()).ptr());
        return merged;
    }

    private Subtree build(List<Block> blocks, int lo, int hi) {
        if (lo >= hi) {
            return new Subtree(0, 0);
        }
        int mid = lo + (hi - lo) / 2;
        Subtree left = build(blocks, lo, mid);
        Subtree right = build(blocks, mid + 1, hi);
        Block b = blocks.get(mid);
        GhostTreeNode n = write(b.ptr(), b.size(), left.ptr(), right.ptr(), left.height(), right.height());
        return new Subtree(n.ptr(), n.height());
    }

    // ------------------------------------------------------------------ committing

    private record Pending(long offset, byte[] data, byte[] before) {}

    private List<Pending> pending() {
        List<Pending> out = new ArrayList<>();
        if (root >= 0 && root != originalRoot) {
            out.add(new Pending(ROOT_AT, le(root), le(originalRoot)));
        }
        for (GhostTreeNode n : written.values()) {
            GhostTreeNode was = found.get(n.ptr());
            byte[] data = n.encode();
            byte[] before = was == null ? null : was.encode();
            if (before == null || !Arrays.equals(before, data)) {
                out.add(new Pending(n.ptr(), data, before));
            }
        }
        for (Map.Entry<Long, Integer> s : scrubs.entrySet()) {
            int from = s.getValue();
            byte[] before = Arrays.copyOfRange(found.get(s.getKey()).encode(), from, GhostTreeNode.BYTES);
            out.add(new Pending(s.getKey() + from, new byte[GhostTreeNode.BYTES - from], before));
        }
        return out;
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** Whether this edit changes any byte. */
    boolean isEmpty() {
        return pending().isEmpty();
    }

    /** Writes the edit as one all-or-nothing call (none if nothing changed). */
    void commit() throws IOException {
        List<Pending> p = pending();
        attempted = true;
        if (!p.isEmpty()) {
            store.write(p.stream().map(w -> new StackWrite(w.offset(), w.data())).toList());
        }
    }

    /**
     * After this edit failed: whether its write landed anyway (the stack rolled it forward),
     * judged by reading back one write whose old bytes are known. {@link Landed#NO} if the edit
     * failed before {@link #commit} wrote; {@link Landed#UNKNOWN} when it cannot be told (the read
     * failed too, or the bytes match neither state).
     */
    Landed landed() {
        if (!attempted) {
            return Landed.NO;
        }
        for (Pending w : pending()) {
            if (w.before() == null || Arrays.equals(w.before(), w.data())) {
                continue;
            }
            byte[] now = new byte[w.data().length];
            try {
                store.read(w.offset(), now);
            } catch (IOException | RuntimeException e) {
                return Landed.UNKNOWN;
            }
            if (Arrays.equals(now, w.data())) {
                return Landed.YES;
            }
            return Arrays.equals(now, w.before()) ? Landed.NO : Landed.UNKNOWN;
        }
        return Landed.YES;
    }
}
