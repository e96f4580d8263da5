package io.bstack.btree;

import io.bstack.alloc.BStackAlignedAllocator;
import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.Region;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A B+tree of byte-string keys (ordered as unsigned bytes) and byte-string values, whose nodes are
 * pages of {@code pageSize} bytes allocated from a {@link BStackAllocator} on a {@link ByteStack}
 * (the database file, or a transaction's view of it, so that every change of a call commits or rolls
 * back with the transaction). Guarantees: keys are unique and in order; leaves are linked both ways;
 * every non-root node holds at least one key; a value longer than {@link #maxInlineValue} lives in an
 * overflow region of its own, freed with its entry; the root page never moves (a root split moves the
 * root's cells down into two new pages), so the root offset is the tree's identity.
 *
 * <p><b>Regions and nodes.</b> Every node owns an allocator region of {@code pageSize} bytes (its
 * <em>page</em>, named by the region's offset). In an <em>aligned</em> tree, made when the allocator
 * can place regions on boundaries ({@link BStackAlignedAllocator}, e.g. GhostTree), each region
 * starts {@link BStackAlignedAllocator#alignmentLead() lead} bytes before a multiple of
 * {@code pageSize} and the node is the {@code pageSize - lead} bytes after the lead: one store page
 * per node (half the copies, WAL bytes and page reads of a node straddling two). The root region's
 * first two bytes say so ({@code 'A'}, then the lead); the rest of every lead stays zero. A tree
 * whose root starts with a node's kind byte instead has no lead: its nodes fill whole regions
 * wherever the allocator put them (trees made before aligned trees, or over other allocators).
 * An aligned tree opened over an allocator that cannot align stays correct: its new regions are
 * just not on boundaries.
 *
 * <p>Deletes merge a node that falls below a quarter of a page with a sibling when both fit one page
 * (freeing the emptied page) and otherwise move entries over from the sibling; an inner root left
 * with one child takes that child's cells, so the height shrinks too.
 *
 * <p>Thread-safety: none; a tree is used by one transaction at a time (snapshots give readers their
 * own view). The allocator keeps in-memory state: reopen the tree and allocator after a rollback.
 */
public final class BTree {

    /** Decoded nodes kept per tree object by default; see {@link #view} and {@link #nodeCache}. */
    public static final int CACHED_NODES = 8192;

    private final ByteStack stack;
    private final BStackAllocator alloc;
    private final int pageSize;
    /** Bytes of each page region before its node (0: the node fills the region). */
    private final int lead;
    /** Bytes of a node: {@code pageSize - lead}. */
    private final int nodeSize;
    private final long root;
    private final NodeCache cache = new NodeCache(CACHED_NODES);
    private long cacheStamp = -1;
    /**
     * Nodes changed but not yet written, when the stack holds writes for us ({@link
     * ByteStack#holdWrites}: a write transaction): each changed page is encoded and written once, at
     * {@link #flush}, instead of on every change. Never more than {@link #maxDirty} of them.
     */
    private final NodeCache dirty = new NodeCache(Integer.MAX_VALUE); // bounded by maxDirty(), never evicts
    private int maxDirty;
    /** Where a node is encoded before it is written (the stack copies it); made at the first write. */
    private byte[] scratch;
    private final ByteStack.HeldWrites held = new ByteStack.HeldWrites() {
        @Override
        public void flush() throws IOException {
            writeDirty();
        }

        @Override
        public void discard() {
            dirty.clear();
            cache.clear();
            cacheStamp = -1;
        }
    };

    /** The first byte of an aligned tree's root region (a node's kind byte is 1 or 2). */
    static final byte ALIGNED_MARK = 'A';

    private BTree(ByteStack stack, BStackAllocator alloc, int pageSize, int lead, long root) {
        this.stack = stack;
        this.alloc = alloc;
        this.pageSize = pageSize;
        this.lead = lead;
        this.nodeSize = pageSize - lead;
        this.root = root;
    }

    private byte[] scratch() {
        if (scratch == null) {
            scratch = new byte[nodeSize];
        }
        return scratch;
    }

    /**
     * A new empty tree: allocates its root page, aligned (see the class comment) when the allocator
     * can do it.
     */
    public static BTree create(ByteStack stack, BStackAllocator alloc, int pageSize) throws IOException {
        checkPageSize(pageSize);
        int lead = alloc instanceof BStackAlignedAllocator a && usableLead(a.alignmentLead(), pageSize)
                ? a.alignmentLead() : 0;
        BTree tree = new BTree(stack, alloc, pageSize, lead, allocRegion(alloc, pageSize, lead));
        if (lead > 0) {
            stack.set(tree.root, new byte[] {ALIGNED_MARK, (byte) lead});
        }
        tree.write(tree.root, new Node(true));
        return tree;
    }

    /** The tree whose root page is at {@code root}; checks that page. */
    public static BTree open(ByteStack stack, BStackAllocator alloc, int pageSize, long root) throws IOException {
        checkPageSize(pageSize);
        BTree tree = new BTree(stack, alloc, pageSize, leadAt(stack, root, pageSize), root);
        tree.view(root); // first asks other tree objects to write what they hold
        return tree;
    }

    /** The lead of the tree whose root region is at {@code root}, from its first bytes. */
    private static int leadAt(ByteStack stack, long root, int pageSize) throws IOException {
        if (root < 0 || root > stack.len() - 2) {
            throw new TreeCorruptException("root page " + root + " lies outside the " + stack.len() + "-byte stack");
        }
        byte[] head = stack.get(root, root + 2);
        if (head[0] != ALIGNED_MARK) {
            return 0; // a node's kind byte: decoding the root checks it
        }
        int lead = head[1] & 0xFF;
        if (lead == 0 || !usableLead(lead, pageSize)) {
            throw new TreeCorruptException("root page " + root + ": aligned tree with a lead of " + lead
                    + " bytes, impossible for " + pageSize + "-byte pages");
        }
        return lead;
    }

    /** Whether nodes can start {@code lead} bytes into their regions: room for the mark, most of the page left. */
    private static boolean usableLead(int lead, int pageSize) {
        return lead == 0 || lead >= 2 && lead <= 255 && lead <= pageSize / 8;
    }

    /** A new page region: placed so its node starts on a boundary when the tree has a lead and the allocator that lead. */
    private static long allocRegion(BStackAllocator alloc, int pageSize, int lead) throws IOException {
        if (lead > 0 && alloc instanceof BStackAlignedAllocator a && a.alignmentLead() == lead) {
            return a.allocAligned(pageSize, pageSize).offset();
        }
        return alloc.alloc(pageSize).offset();
    }

    static void checkPageSize(int pageSize) {
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two in [512, 65536], was " + pageSize);
        }
    }

    /**
     * Sets how many decoded nodes this tree object keeps (least recently used go first); a reader
     * that walks a tree larger than that decodes pages again. Returns this tree.
     */
    public BTree nodeCache(int nodes) {
        cache.capacity(nodes);
        return this;
    }

    /** The root page's offset: the tree's identity, kept in the catalog. */
    public long root() {
        return root;
    }

    public int pageSize() {
        return pageSize;
    }

    ByteStack stack() {
        return stack;
    }

    BStackAllocator allocator() {
        return alloc;
    }

    /** Bytes of each node: the page size less the lead (see the class comment). */
    int nodeSize() {
        return nodeSize;
    }

    /** Bytes of each page region before its node: 0, or the aligned tree's lead. */
    int lead() {
        return lead;
    }

    /** The largest cell a node takes: a quarter of the space after the header, so a split always works. */
    int maxCell() {
        return (nodeSize - Node.HEADER) / 4 - 2;
    }

    /** The longest key accepted. */
    public int maxKey() {
        return maxCell() - Node.LEAF_CELL - 16;
    }

    /** The longest value kept inline with a key of {@code keyLength} bytes; longer ones overflow. */
    public int maxInlineValue(int keyLength) {
        return maxCell() - Node.LEAF_CELL - keyLength;
    }

    // ---------------------------------------------------------------- reads

    /** The value of {@code key}, or null. */
    public byte[] get(byte[] key) throws IOException {
        if (tooLong(key)) {
            return null; // no such key can be stored
        }
        Node leaf = findLeaf(key, null);
        int i = leaf.find(key);
        return i < 0 ? null : value(leaf, i);
    }

    /** Whether {@code key} is present. */
    public boolean contains(byte[] key) throws IOException {
        return !tooLong(key) && findLeaf(key, null).find(key) >= 0;
    }

    /** The value of {@code key} as a stream that reads an overflow value piecewise; null if absent. */
    public InputStream stream(byte[] key) throws IOException {
        if (tooLong(key)) {
            return null;
        }
        Node leaf = findLeaf(key, null);
        int i = leaf.find(key);
        return i < 0 ? null : valueStream(leaf, i);
    }

    /** A cursor, positioned nowhere until {@link Cursor#first}, {@link Cursor#last} or {@link Cursor#seek}. */
    public Cursor cursor() {
        return new Cursor(this);
    }

    byte[] value(Node leaf, int i) throws IOException {
        byte[] v = leaf.valueCopy(i);
        if (!leaf.overflowAt(i)) {
            return v;
        }
        Region r = overflowRegion(v);
        return stack.get(r.offset(), r.offset() + r.len());
    }

    InputStream valueStream(Node leaf, int i) {
        byte[] v = leaf.valueCopy(i);
        if (!leaf.overflowAt(i)) {
            return new java.io.ByteArrayInputStream(v);
        }
        Region r = overflowRegion(v);
        return io.bstack.alloc.RegionSlice.of(stack, r).reader();
    }

    static Region overflowRegion(byte[] ref) {
        ByteBuffer b = ByteBuffer.wrap(ref).order(ByteOrder.LITTLE_ENDIAN);
        return new Region(b.getLong(0), b.getLong(8));
    }

    /**
     * The leaf whose range holds {@code key} (a cached or held node the caller must not change: it
     * copies it first); records the path (page, child index) when asked.
     */
    Node findLeaf(byte[] key, List<long[]> path) throws IOException {
        long page = root;
        Node node = view(page);
        int depth = 0;
        while (!node.leaf) {
            int ci = node.childIndex(key);
            if (path != null) {
                path.add(new long[] {page, ci});
            }
            page = node.childAt(ci);
            node = view(page);
            if (++depth > 64) {
                throw new TreeCorruptException("tree at " + root + " is deeper than 64 levels: a cycle of child links");
            }
        }
        if (path != null) {
            path.add(new long[] {page, -1});
        }
        return node; // cached or held: callers copy before they change it
    }

    /**
     * A decoded node for a read path, from the cache while the stack is unchanged since it was
     * decoded ({@link ByteStack#writeCount()}, so a change through any caller clears it); callers
     * must not modify it. Over a snapshot nothing changes, so lookups and scans decode each page once.
     */
    Node view(long page) throws IOException {
        if (stack.writeCount() != cacheStamp) {
            foreignChange();
        }
        Node n = dirty.isEmpty() ? null : dirty.get(page);
        if (n != null) {
            return n;
        }
        n = cache.get(page);
        if (n == null) {
            n = stack.decoded(page + lead, nodeSize) instanceof Node shared ? shared : decodeAndShare(page);
            cache.put(page, n);
        }
        return n;
    }

    /** A node the caller may change (a copy of the cached one), to be written back with {@link #write}. */
    Node readForUpdate(long page) throws IOException {
        return view(page).copy();
    }

    /** Decodes {@code page} from the stack and offers the frozen node to later transactions. */
    private Node decodeAndShare(long page) throws IOException {
        byte[] bytes = new byte[nodeSize];
        stack.getInto(page + lead, bytes);
        Node n = Node.fromPage(bytes, page);
        stack.keepDecoded(page + lead, nodeSize, n);
        return n;
    }

    /**
     * Someone else changed the stack since this tree last looked: cached nodes may be stale. Their
     * held changes are written first (another tree object over the same pages may hold some);
     * this tree's own held changes stay, as only this tree writes its pages.
     */
    private void foreignChange() throws IOException {
        stack.flushHeld(held);
        cache.clear();
        cacheStamp = stack.writeCount();
    }

    /** A node decoded from the stored bytes now, bypassing the cache (for checks and opening); held changes first. */
    Node read(long page) throws IOException {
        Node pending = dirty.get(page);
        if (pending != null) {
            return pending.copy();
        }
        byte[] bytes = new byte[nodeSize];
        stack.getInto(page + lead, bytes);
        return Node.decode(bytes, page);
    }

    /**
     * Writes {@code node} at {@code page} and keeps it as that page's cached node (write-through), so a
     * run of changes through this tree decodes nothing; the caller must not change {@code node} after.
     * A change the cache did not see (another caller, the allocator) clears the cache first.
     */
    void write(long page, Node node) throws IOException {
        if (stack.writeCount() != cacheStamp) {
            foreignChange();
        }
        node.freeze(); // the caller does not change it after writing it
        cache.remove(page);
        if (stack.holdWrites(held)) {
            dirty.put(page, node);
            cacheStamp = stack.writeCount();
            if (dirty.size() > maxDirty()) {
                writeDirty();
            }
            return;
        }
        try {
            node.encodeInto(scratch());
            stack.set(page + lead, scratch);
        } finally {
            cacheStamp = stack.writeCount();
        }
        cache.put(page, node);
    }

    /** Held nodes at most: 32 MiB worth of pages unless a test says otherwise. */
    private int maxDirty() {
        return maxDirty > 0 ? maxDirty : Math.max(64, (32 << 20) / pageSize);
    }

    /** For tests: hold at most {@code nodes} changed nodes before writing them all. */
    void holdAtMost(int nodes) {
        maxDirty = nodes;
    }

    /** Changed nodes held now, not yet written. */
    int heldNodes() {
        return dirty.size();
    }

    /** Writes every held node (in page order) and keeps it cached. */
    private void writeDirty() throws IOException {
        if (dirty.isEmpty()) {
            return;
        }
        boolean current = stack.writeCount() == cacheStamp;
        long[] pages = dirty.pages();
        Arrays.sort(pages);
        for (long page : pages) {
            Node node = dirty.get(page);
            byte[] bytes = node.pageBytes(nodeSize); // a paged leaf's own bytes: nothing to encode
            stack.set(page + lead, bytes);
            // frozen: later transactions may share it; a leaf is shared paged, so its next puts change bytes
            Node shared = node.leaf && !node.paged() ? Node.paged(bytes) : node;
            stack.keepDecoded(page + lead, nodeSize, shared);
            dirty.remove(page);
            cache.put(page, shared);
        }
        if (current) {
            cacheStamp = stack.writeCount();
        }
    }

    /**
     * Writes the changes this tree holds in memory to its stack now. A write transaction does it
     * itself before it commits or takes a savepoint; callers need this only to read the pages
     * through something other than this tree object.
     */
    public void flush() throws IOException {
        writeDirty();
    }

    // ---------------------------------------------------------------- writes

    /**
     * Sets {@code key} to {@code value}; returns true if the key was new, false if it replaced a value.
     *
     * @throws KeyTooLongException if the key is longer than {@link #maxKey()}
     */
    public boolean put(byte[] key, byte[] value) throws IOException {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        List<long[]> path = new ArrayList<>();
        Node found = findLeaf(key, path);
        int i = found.find(key); // on the frozen node: its search runs on key prefixes or page bytes
        boolean overflow = value.length > maxInlineValue(key.length);
        byte[] stored = overflow ? spill(value) : value.clone();
        long leafPage = path.get(path.size() - 1)[0];
        if (found.paged() && (i < 0 || !found.overflowAt(i))) {
            // the common case on a paged leaf: a new version of its bytes, nothing decoded or encoded
            Node changed = found.withPut(i, key, stored, overflow, dirty.get(leafPage) == found);
            if (changed != null) {
                write(leafPage, changed);
                return i < 0;
            }
        }
        Node leaf = found.copy();
        int size;
        if (i >= 0) {
            size = found.encodedSize() + stored.length - leaf.values.get(i).length;
            freeOverflow(leaf, i);
            leaf.values.set(i, stored);
            leaf.overflow.set(i, overflow);
        } else {
            int at = -i - 1;
            size = found.encodedSize() + 2 + Node.LEAF_CELL + key.length + stored.length;
            leaf.keys.add(at, key.clone());
            leaf.values.add(at, stored);
            leaf.overflow.add(at, overflow);
        }
        if (size <= nodeSize) { // one leaf changes, what it holds is known without a visit
            write(leafPage, found.paged() ? leaf.freeze() : leaf.freeze(size,
                    found.prefixesWith(i >= 0 ? -1 : -i - 1, key), found.shapesWith(i, key, overflow)));
            return i < 0;
        }
        // A new key at the end of the rightmost leaf is an append: splits along the right edge then
        // leave full pages behind instead of half-empty ones (key-order loads fill every page).
        boolean append = i < 0 && -i - 1 == leaf.size() - 1 && leaf.next == 0;
        writeUp(path, path.size() - 1, leaf, append);
        return i < 0;
    }

    /** Removes {@code key}; returns whether it was present. */
    public boolean remove(byte[] key) throws IOException {
        if (tooLong(key)) {
            return false;
        }
        List<long[]> path = new ArrayList<>();
        Node found = findLeaf(key, path);
        int i = found.find(key);
        if (i < 0) {
            return false;
        }
        Node leaf = found.copy();
        freeOverflow(leaf, i);
        leaf.keys.remove(i);
        leaf.values.remove(i);
        leaf.overflow.remove(i);
        new Rebalance(this).after(path, leaf);
        return true;
    }

    /**
     * A cheap estimate of the number of entries: the fan-out of each node on the path to the first
     * leaf multiplied together, times that leaf's entries (one page read per level; exact for a
     * tree of one leaf, of the right order of magnitude for trees filled evenly).
     */
    public long estimateEntries() throws IOException {
        Node n = view(root);
        long estimate = 1;
        for (int depth = 0; !n.leaf && depth <= 64; depth++) {
            estimate = Math.multiplyHigh(estimate, n.size() + 1L) != 0 ? Long.MAX_VALUE : estimate * (n.size() + 1L);
            n = view(n.childAt(0));
        }
        return n.size() == 0 ? 0 : estimate > Long.MAX_VALUE / n.size() ? Long.MAX_VALUE : estimate * n.size();
    }

    /**
     * Checks the whole tree (order, bounds, depth, links, no page reachable twice) and says what it
     * holds, with every region it owns.
     *
     * @throws TreeCorruptException naming the first page found wrong
     */
    public TreeStats verify() throws IOException {
        writeDirty();
        return new TreeVerifier(this).run();
    }

    /** Frees every page and overflow region of the tree, the root included; the tree is unusable after. */
    public void drop() throws IOException {
        dropPage(root, 0);
    }

    private void dropPage(long page, int depth) throws IOException {
        if (depth > 64) {
            throw new TreeCorruptException("tree at " + root + " is deeper than 64 levels: a cycle of child links");
        }
        Node node = view(page);
        if (node.leaf) {
            for (int i = 0; i < node.size(); i++) {
                freeOverflow(node, i);
            }
        } else {
            for (int i = 0; i <= node.size(); i++) {
                dropPage(node.childAt(i), depth + 1);
            }
        }
        freePage(page);
    }

    /** Writes {@code node} at level {@code level} of {@code path}, splitting upwards while it overflows. */
    void writeUp(List<long[]> path, int level, Node node) throws IOException {
        writeUp(path, level, node, false);
    }

    /**
     * As {@link #writeUp(List, int, Node)}; {@code append} says the change added a key at the very end
     * of the tree, so nodes along the right edge split unevenly (the left keeps all it can).
     */
    private void writeUp(List<long[]> path, int level, Node node, boolean append) throws IOException {
        while (true) {
            long page = path.get(level)[0];
            if (node.encodedSize() <= nodeSize) {
                write(page, node);
                return;
            }
            if (page == root) {
                splitRoot(node);
                return;
            }
            long rightPage = allocPage();
            Node right = append ? node.splitOffAtEnd() : node.splitOff();
            byte[] separator = separate(node, right, page, rightPage);
            write(page, node);
            write(rightPage, right);
            long[] up = path.get(level - 1);
            Node parent = readForUpdate(up[0]);
            int ci = (int) up[1];
            append = append && ci == parent.size();
            parent.keys.add(ci, separator);
            parent.children.add(ci, page);
            parent.setChild(ci + 1, rightPage);
            node = parent;
            level--;
        }
    }

    /**
     * Finishes a split of {@code left} (at {@code leftPage}) into {@code right} (at {@code rightPage}):
     * links leaves, or pulls the middle key up out of an inner node; returns the separator.
     */
    private byte[] separate(Node left, Node right, long leftPage, long rightPage) throws IOException {
        if (left.leaf) {
            right.next = left.next;
            right.prev = leftPage;
            left.next = rightPage;
            if (right.next != 0) {
                Node after = view(right.next);
                if (after.paged()) {
                    after = after.withPrev(rightPage); // a link in the page: nothing decoded
                } else {
                    after = after.copy();
                    after.prev = rightPage;
                }
                write(right.next, after);
            }
            return right.keys.get(0).clone();
        }
        right.right = left.right;
        left.right = right.children.remove(0);
        return right.keys.remove(0);
    }

    /** The root overflowed: its cells go down into two new pages and the root becomes their parent. */
    private void splitRoot(Node node) throws IOException {
        long leftPage = allocPage();
        long rightPage = allocPage();
        Node right = node.splitOff();
        byte[] separator = separate(node, right, leftPage, rightPage);
        if (node.leaf) {
            node.prev = 0;
        }
        write(leftPage, node);
        write(rightPage, right);
        Node top = new Node(false);
        top.keys.add(separator);
        top.children.add(leftPage);
        top.right = rightPage;
        write(root, top);
    }

    long allocPage() throws IOException {
        long before = stack.writeCount();
        long page = allocRegion(alloc, pageSize, lead);
        keepCacheAfterAllocator(before);
        return page;
    }

    void freePage(long page) throws IOException {
        cache.remove(page);
        dirty.remove(page); // never written now: the allocator may hand the bytes out again
        long before = stack.writeCount();
        alloc.dealloc(alloc.reclaim(new Region(page, pageSize)));
        keepCacheAfterAllocator(before);
    }

    byte[] spill(byte[] value) throws IOException {
        long before = stack.writeCount();
        var h = alloc.alloc(value.length);
        h.write(0, value);
        keepCacheAfterAllocator(before);
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(h.offset()).putLong(value.length).array();
    }

    void freeOverflow(Node leaf, int i) throws IOException {
        if (leaf.overflow.get(i)) {
            long before = stack.writeCount();
            alloc.dealloc(alloc.reclaim(overflowRegion(leaf.values.get(i))));
            keepCacheAfterAllocator(before);
        }
    }

    /**
     * The allocator writes only its own bookkeeping and the blocks it hands out (a new page, an
     * overflow value), never a page this tree holds (a page leaves the cache before it is freed): so
     * a cache that was current before an allocator call stays current after it. Without this, every
     * split would empty the cache.
     */
    private void keepCacheAfterAllocator(long writeCountBefore) {
        if (writeCountBefore == cacheStamp) {
            cacheStamp = stack.writeCount();
        }
    }

    private byte[] checkKey(byte[] key) throws KeyTooLongException {
        if (tooLong(key)) {
            throw new KeyTooLongException("a key of " + key.length + " bytes is longer than the " + maxKey()
                    + " bytes a " + pageSize + "-byte page takes");
        }
        return key;
    }

    /** Whether {@code key} is too long for this tree (so it is in no tree of this page size). */
    private boolean tooLong(byte[] key) {
        return Objects.requireNonNull(key, "key").length > maxKey();
    }

    @Override
    public String toString() {
        return "BTree[root " + root + ", page " + pageSize + (lead > 0 ? ", aligned, lead " + lead : "") + "]";
    }

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
