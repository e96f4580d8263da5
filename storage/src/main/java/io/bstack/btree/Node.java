package io.bstack.btree;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One tree page, decoded: a leaf (sorted keys with their values, and links to its neighbours) or an
 * inner node (sorted separator keys, a child before each, and a rightmost child). Keys compare as
 * unsigned bytes ({@link Arrays#compareUnsigned}). Not thread-safe; a node lives inside one call.
 *
 * <p>Page layout, little-endian ({@code pageSize} bytes, the rest zero):
 * <table>
 *   <caption>tree page</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>1</td><td>kind: 1 leaf, 2 inner</td></tr>
 *   <tr><td>1</td><td>1</td><td>0</td></tr>
 *   <tr><td>2</td><td>2</td><td>cell count n</td></tr>
 *   <tr><td>4</td><td>4</td><td>start of the cell area (cells run from there to the page end)</td></tr>
 *   <tr><td>8</td><td>8</td><td>leaf: previous leaf's page (0 = none); inner: 0</td></tr>
 *   <tr><td>16</td><td>8</td><td>leaf: next leaf's page (0 = none); inner: rightmost child</td></tr>
 *   <tr><td>24</td><td>2n</td><td>slot array: u16 offset of cell i, in key order</td></tr>
 * </table>
 * A leaf cell is {@code [u16 key length][u16 value length][u8 flags][key][value]}, flags bit 0 meaning
 * the value is a 16-byte overflow reference {@code [u64 offset][u64 length]}; an inner cell is
 * {@code [u16 key length][u64 child][key]}, the child holding the keys below this cell's key. Cells
 * need not lie in key order (the slots give it): a put on a paged leaf adds its cell below the
 * cell area.
 *
 * <p><b>Two forms.</b> A node is held as lists (keys, values, flags, children: the form every
 * change but a put is made in) or, for a leaf read from the store or written by a tree, as its
 * page: a <em>paged</em> leaf, immutable, searched on key prefixes kept beside the page, read
 * from the page bytes, and changed by a put into a new paged leaf whose page is the old one with
 * the cell added ({@link #withPut}); its lists are read-only views that copy. So a leaf that only
 * takes puts is neither decoded into per-entry arrays nor encoded again when written.
 */
final class Node {

    static final int HEADER = 24;
    static final byte LEAF = 1;
    static final byte INNER = 2;
    static final int LEAF_CELL = 5;
    static final int INNER_CELL = 10;

    final boolean leaf;
    final List<byte[]> keys;
    /** Leaf values (inline bytes, or a 16-byte overflow reference when the matching flag is set). */
    final List<byte[]> values;
    final List<Boolean> overflow;
    /** Inner children: children.get(i) holds keys below keys.get(i); {@link #right} holds the rest. */
    final List<Long> children;
    long prev;
    long next;
    long right;
    /** Set by {@link #freeze}: the keys' first eight bytes, for a node nobody changes any more. */
    private long[] prefixes;
    /** A frozen node's {@link #encodedSize}, once known; -1 before. */
    private int encoded = -1;
    /**
     * Set by {@link #freeze}: per entry, its key's length when at most 8 (9 for longer keys) in the
     * low bits and, for a leaf, bit 7 set when its value overflows; so a search that ties on a prefix,
     * and a read of the entry, do not chase the key or the flag.
     */
    private byte[] shapes;
    /** Set by {@link #freeze} on an inner node: its children, then the rightmost, as primitives. */
    private long[] childPages;
    /**
     * A <em>paged</em> leaf's only state: its page bytes (never changed once the node is made; the
     * lists are read-only views over them). Null for a node held as lists.
     */
    private final byte[] page;

    Node(boolean leaf) {
        this.leaf = leaf;
        this.keys = new ArrayList<>();
        this.values = new ArrayList<>();
        this.overflow = new ArrayList<>();
        this.children = new ArrayList<>();
        this.page = null;
    }

    /**
     * A paged leaf over {@code page} (a leaf's encoding, checked; the caller hands it over and never
     * changes it): searched, read and changed as bytes, so a leaf that only takes puts is never
     * decoded into per-entry arrays nor encoded again. Its lists are read-only views that copy.
     */
    private Node(byte[] page) {
        this(page, null);
    }

    /** A paged leaf whose key prefixes (see {@link #freeze}) are {@code knownPrefixes}, or read from the page when null. */
    private Node(byte[] page, long[] knownPrefixes) {
        this.leaf = true;
        this.page = page;
        this.prefixes = knownPrefixes != null ? knownPrefixes : pagePrefixes(page);
        this.keys = new PageList<>(this, 0);
        this.values = new PageList<>(this, 1);
        this.overflow = new PageList<>(this, 2);
        this.children = List.of();
        this.prev = (long) LONG.get(page, 8);
        this.next = (long) LONG.get(page, 16);
    }

    private static long[] pagePrefixes(byte[] page) {
        int n = Short.toUnsignedInt((short) SHORT.get(page, 2));
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int c = Short.toUnsignedInt((short) SHORT.get(page, HEADER + 2 * i));
            out[i] = prefixAt(page, c + LEAF_CELL, Math.min(8, Short.toUnsignedInt((short) SHORT.get(page, c))));
        }
        return out;
    }

    /** Whether this is a paged leaf (see {@link #Node(byte[])}). */
    boolean paged() {
        return page != null;
    }

    /** A paged leaf's entries as read-only lists: keys, values, overflow flags (each get copies the bytes). */
    private static final class PageList<T> extends java.util.AbstractList<T> implements java.util.RandomAccess {
        private final Node node;
        private final int what;

        PageList(Node node, int what) {
            this.node = node;
            this.what = what;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int i) {
            Objects.checkIndex(i, size());
            return (T) switch (what) {
                case 0 -> node.pagedKey(i);
                case 1 -> node.pagedValue(i);
                default -> (Object) node.overflowAt(i);
            };
        }

        @Override
        public int size() {
            return Short.toUnsignedInt((short) SHORT.get(node.page, 2));
        }
    }

    private int cellAt(int i) {
        return Short.toUnsignedInt((short) SHORT.get(page, HEADER + 2 * i));
    }

    private int keyLenAt(int cell) {
        return Short.toUnsignedInt((short) SHORT.get(page, cell));
    }

    private byte[] pagedKey(int i) {
        int c = cellAt(i);
        return Arrays.copyOfRange(page, c + LEAF_CELL, c + LEAF_CELL + keyLenAt(c));
    }

    private byte[] pagedValue(int i) {
        int c = cellAt(i);
        int from = c + LEAF_CELL + keyLenAt(c);
        return Arrays.copyOfRange(page, from, from + Short.toUnsignedInt((short) SHORT.get(page, c + 2)));
    }

    /** A copy of leaf entry {@code i}'s stored value (inline bytes, or the overflow reference). */
    byte[] valueCopy(int i) {
        return page != null ? pagedValue(i) : values.get(i).clone();
    }

    /**
     * {@code page} (a whole node's bytes, handed over) as a frozen node: a paged leaf, or an inner
     * node decoded into lists. Checked as {@link #decode} checks.
     */
    static Node fromPage(byte[] page, long at) throws TreeCorruptException {
        if (page.length > 0 && page[0] == LEAF) {
            decode(page, at, false); // its checks only
            return new Node(page);
        }
        return decode(page, at).freeze();
    }

    /** A copy whose lists can change without touching this node (the key and value arrays are shared: never changed in place). */
    Node copy() {
        Node c = new Node(leaf, this);
        c.prev = prev;
        c.next = next;
        c.right = right;
        return c;
    }

    /** A node of the same kind whose lists start as copies of {@code from}'s (one array copy each). */
    private Node(boolean leaf, Node from) {
        this.leaf = leaf;
        this.keys = new ArrayList<>(from.keys);
        this.values = new ArrayList<>(from.values);
        this.overflow = new ArrayList<>(from.overflow);
        this.children = new ArrayList<>(from.children);
        this.page = null;
    }

    int size() {
        return keys.size();
    }

    /** Bytes this node needs in a page (computed once for a frozen node). */
    int encodedSize() {
        if (page != null) {
            return HEADER + 2 * size() + page.length - (int) INT.get(page, 4);
        }
        if (encoded >= 0) {
            return encoded;
        }
        int total = computeEncodedSize();
        if (prefixes != null) {
            encoded = total;
        }
        return total;
    }

    private int computeEncodedSize() {
        int total = HEADER;
        for (int i = 0; i < keys.size(); i++) {
            total += 2 + cellSize(i);
        }
        return total;
    }

    int cellSize(int i) {
        return leaf ? LEAF_CELL + keys.get(i).length + values.get(i).length : INNER_CELL + keys.get(i).length;
    }

    /** Index of {@code key}, or {@code -(insertion point) - 1}. */
    int find(byte[] key) {
        if (prefixes != null) { // frozen, or paged
            return findFrozen(key);
        }
        int lo = 0;
        int hi = keys.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(keys.get(mid), key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /**
     * Makes this node read-only and gives {@link #find} a primitive fast path: each key's first eight
     * bytes as an unsigned big-endian long (zero-padded), so most comparisons are one
     * {@link Long#compareUnsigned}; only keys that share those bytes and are longer are compared
     * whole. Called on nodes that enter the tree's cache, which nobody changes.
     */
    Node freeze() {
        if (prefixes != null || page != null) {
            return this; // frozen nodes may be shared between threads: never written again
        }
        if (!leaf) {
            long[] pages = new long[children.size() + 1];
            for (int i = 0; i < children.size(); i++) {
                pages[i] = children.get(i);
            }
            pages[children.size()] = right;
            childPages = pages;
        }
        shapes = computeShapes();
        prefixes = computePrefixes(); // last: another thread sees a frozen node whole once it sees this
        return this;
    }

    private byte[] computeShapes() {
        byte[] out = new byte[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape(keys.get(i), leaf && overflow.get(i));
        }
        return out;
    }

    private static byte shape(byte[] key, boolean overflows) {
        return (byte) (Math.min(key.length, 9) | (overflows ? 0x80 : 0));
    }

    /** Whether leaf entry {@code i}'s value is an overflow reference. */
    boolean overflowAt(int i) {
        if (page != null) {
            return page[cellAt(i) + 4] != 0;
        }
        byte[] sh = shapes;
        return sh != null ? sh[i] < 0 : overflow.get(i);
    }

    private long[] computePrefixes() {
        long[] p = new long[keys.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = prefix(keys.get(i));
        }
        return p;
    }

    /**
     * Freezes this node with what the caller already knows of it (after one change to a frozen
     * node: see {@link #prefixesWith}), instead of visiting every key again. Checked under {@code -ea}.
     */
    Node freeze(int encodedSize, long[] knownPrefixes, byte[] knownShapes) {
        assert encodedSize == computeEncodedSize() : "size " + encodedSize + " != " + computeEncodedSize();
        assert Arrays.equals(knownPrefixes, computePrefixes()) : "prefixes differ";
        assert Arrays.equals(knownShapes, computeShapes()) : "shapes differ";
        if (prefixes == null) {
            if (!leaf) {
                return freeze(); // children too
            }
            encoded = encodedSize;
            shapes = knownShapes;
            prefixes = knownPrefixes;
        }
        return this;
    }

    /**
     * For a frozen leaf: its shapes after a put of {@code key} whose {@link #find} gave {@code found}
     * (the entry replaced, or {@code -(insertion point) - 1}) and whose value {@code overflows}.
     */
    byte[] shapesWith(int found, byte[] key, boolean overflows) {
        byte[] sh = freeze().shapes;
        byte s = shape(key, overflows);
        if (found >= 0) {
            byte[] out = sh.clone();
            out[found] = s;
            return out;
        }
        int at = -found - 1;
        byte[] out = new byte[sh.length + 1];
        System.arraycopy(sh, 0, out, 0, at);
        out[at] = s;
        System.arraycopy(sh, at, out, at + 1, sh.length - at);
        return out;
    }

    /** For a frozen node: its key prefixes with {@code key} inserted at {@code at} (or the same, at -1). */
    long[] prefixesWith(int at, byte[] key) {
        long[] p = freeze().prefixes;
        if (at < 0) {
            return p;
        }
        long[] out = new long[p.length + 1];
        System.arraycopy(p, 0, out, 0, at);
        out[at] = prefix(key);
        System.arraycopy(p, at, out, at + 1, p.length - at);
        return out;
    }

    /** Up to 8 bytes of {@code p} at {@code from} ({@code n} of them) as a big-endian number, zero-padded. */
    private static long prefixAt(byte[] p, int from, int n) {
        long v = 0;
        for (int i = 0; i < Math.min(8, n); i++) {
            v |= (p[from + i] & 0xFFL) << (56 - 8 * i);
        }
        return v;
    }

    private static long prefix(byte[] k) {
        long v = 0;
        int n = Math.min(8, k.length);
        for (int i = 0; i < n; i++) {
            v |= (k[i] & 0xFFL) << (56 - 8 * i);
        }
        return v;
    }

    private int findFrozen(byte[] key) {
        long kp = prefix(key);
        long[] p = prefixes;
        int lo = 0;
        int hi = p.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(p[mid], kp);
            if (c == 0) {
                c = compareTied(mid, key);
            }
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /**
     * Key {@code i} against {@code key} when their first eight bytes are the same: by length when
     * both are that short, else byte by byte (a paged leaf compares where its key lies).
     */
    private int compareTied(int i, byte[] key) {
        if (page != null) {
            int c = cellAt(i);
            int len = keyLenAt(c);
            return len <= 8 && key.length <= 8 ? Integer.compare(len, key.length)
                    : Arrays.compareUnsigned(page, c + LEAF_CELL, c + LEAF_CELL + len, key, 0, key.length);
        }
        int len = shapes[i] & 0x0F;
        return len <= 8 && key.length <= 8 ? Integer.compare(len, key.length) : Arrays.compareUnsigned(keys.get(i), key);
    }

    /** For an inner node: the child whose range holds {@code key}. */
    long childFor(byte[] key) {
        return children.size() == 0 ? right : childAt(childIndex(key));
    }

    /** For an inner node: index in [0, size] of the child whose range holds {@code key}. */
    int childIndex(byte[] key) {
        int i = find(key);
        return i >= 0 ? i + 1 : -i - 1;
    }

    long childAt(int i) {
        long[] pages = childPages;
        if (pages != null) {
            return pages[i]; // frozen: no boxed Long to chase
        }
        return i == keys.size() ? right : children.get(i);
    }

    void setChild(int i, long page) {
        if (i == keys.size()) {
            right = page;
        } else {
            children.set(i, page);
        }
    }

    byte[] encode(int pageSize) {
        byte[] page = new byte[pageSize];
        encodeInto(page);
        return page;
    }

    /** Encodes this node over all of {@code page} (a page's worth of bytes; the free gap comes out zero). */
    void encodeInto(byte[] page) {
        if (this.page != null && this.page.length == page.length) {
            System.arraycopy(this.page, 0, page, 0, page.length);
            return;
        }
        if (this.page != null) {
            copy().encodeInto(page);
            return;
        }
        int pageSize = page.length;
        int n = keys.size();
        int end = pageSize;
        for (int i = n - 1; i >= 0; i--) {
            byte[] k = keys.get(i);
            if (leaf) {
                byte[] v = values.get(i);
                end -= LEAF_CELL + k.length + v.length;
                if (end < HEADER + 2 * n) {
                    throw doesNotFit(pageSize);
                }
                SHORT.set(page, end, (short) k.length);
                SHORT.set(page, end + 2, (short) v.length);
                page[end + 4] = (byte) (overflow.get(i) ? 1 : 0);
                System.arraycopy(k, 0, page, end + LEAF_CELL, k.length);
                System.arraycopy(v, 0, page, end + LEAF_CELL + k.length, v.length);
            } else {
                end -= INNER_CELL + k.length;
                if (end < HEADER + 2 * n) {
                    throw doesNotFit(pageSize);
                }
                SHORT.set(page, end, (short) k.length);
                LONG.set(page, end + 2, (long) children.get(i));
                System.arraycopy(k, 0, page, end + INNER_CELL, k.length);
            }
            SHORT.set(page, HEADER + 2 * i, (short) end);
        }
        if (end < HEADER + 2 * n) {
            throw doesNotFit(pageSize);
        }
        Arrays.fill(page, HEADER + 2 * n, end, (byte) 0);
        page[0] = leaf ? LEAF : INNER;
        page[1] = 0;
        SHORT.set(page, 2, (short) n);
        INT.set(page, 4, end);
        LONG.set(page, 8, leaf ? prev : 0L);
        LONG.set(page, 16, leaf ? next : right);
    }

    /**
     * This node's page bytes, of {@code pageSize} bytes: a paged leaf's own (the caller must not
     * change them), else a new encoding.
     */
    byte[] pageBytes(int pageSize) {
        assert page == null || prev == (long) LONG.get(page, 8) && next == (long) LONG.get(page, 16)
                : "a paged leaf's links are changed through its page (withPrev), never in its fields";
        return page != null && page.length == pageSize ? page : encode(pageSize);
    }

    /**
     * For a paged leaf: the paged leaf after a put of {@code key} with {@code value} (flag
     * {@code overflows}) whose {@link #find} gave {@code found}, made from this one's bytes without
     * visiting the other entries: a new key's cell goes into the free gap below the cell area and
     * its slot is inserted in key order (cells need not lie in key order); a replaced value of the
     * same length is overwritten where it lies. Null when that does not apply (a value of another
     * length, too small a gap): the caller changes a copy held as lists. With {@code reuse} the
     * bytes are changed where they are (a node nobody else holds, replaced by the result; this
     * one must not be read after), else copied first.
     */
    Node withPut(int found, byte[] key, byte[] value, boolean overflows, boolean reuse) {
        if (page == null) {
            return null;
        }
        int n = size();
        if (found >= 0) {
            int c = cellAt(found);
            if (Short.toUnsignedInt((short) SHORT.get(page, c + 2)) != value.length) {
                return null;
            }
            byte[] p = reuse ? page : page.clone();
            p[c + 4] = (byte) (overflows ? 1 : 0);
            System.arraycopy(value, 0, p, c + LEAF_CELL + key.length, value.length);
            return new Node(p, prefixes);
        }
        int at = -found - 1;
        int newStart = (int) INT.get(page, 4) - (LEAF_CELL + key.length + value.length);
        if (newStart < HEADER + 2 * (n + 1)) {
            return null;
        }
        byte[] p = reuse ? page : page.clone();
        System.arraycopy(p, HEADER + 2 * at, p, HEADER + 2 * at + 2, 2 * (n - at));
        SHORT.set(p, HEADER + 2 * at, (short) newStart);
        SHORT.set(p, newStart, (short) key.length);
        SHORT.set(p, newStart + 2, (short) value.length);
        p[newStart + 4] = (byte) (overflows ? 1 : 0);
        System.arraycopy(key, 0, p, newStart + LEAF_CELL, key.length);
        System.arraycopy(value, 0, p, newStart + LEAF_CELL + key.length, value.length);
        SHORT.set(p, 2, (short) (n + 1));
        INT.set(p, 4, newStart);
        return new Node(p, prefixesWith(at, key));
    }

    /** For a paged leaf: the same leaf with its previous-leaf link set to {@code prevPage} (a copied page). */
    Node withPrev(long prevPage) {
        byte[] p = page.clone();
        LONG.set(p, 8, prevPage);
        return new Node(p, prefixes);
    }

    /** {@code page} (a leaf this class encoded, handed over) as a paged leaf, without the checks of {@link #fromPage}. */
    static Node paged(byte[] page) {
        return new Node(page);
    }

    private IllegalStateException doesNotFit(int pageSize) {
        return new IllegalStateException("node of " + computeEncodedSize() + " bytes does not fit a page of " + pageSize);
    }

    private static final java.lang.invoke.VarHandle SHORT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static Node decode(byte[] page, long at) throws TreeCorruptException {
        return decode(page, at, true);
    }

    /** {@link #decode}, or with {@code lists} false only its checks (the lists stay empty). */
    private static Node decode(byte[] page, long at, boolean lists) throws TreeCorruptException {
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        byte kind = b.get(0);
        if (kind != LEAF && kind != INNER) {
            throw new TreeCorruptException("page " + at + ": kind byte " + kind + " is neither leaf nor inner");
        }
        Node node = new Node(kind == LEAF);
        int n = Short.toUnsignedInt(b.getShort(2));
        int cellStart = b.getInt(4);
        if (HEADER + 2 * n > page.length || cellStart < HEADER + 2 * n || cellStart > page.length) {
            throw new TreeCorruptException("page " + at + ": " + n + " cells from " + cellStart + " do not fit "
                    + page.length + " bytes");
        }
        node.prev = b.getLong(8);
        long last = b.getLong(16);
        if (node.leaf) {
            node.next = last;
        } else {
            node.right = last;
        }
        for (int i = 0; i < n; i++) {
            int off = Short.toUnsignedInt(b.getShort(HEADER + 2 * i));
            int fixed = node.leaf ? LEAF_CELL : INNER_CELL;
            if (off < cellStart || off + fixed > page.length) {
                throw new TreeCorruptException("page " + at + ": cell " + i + " at " + off + " is outside the cell area");
            }
            int keyLen = Short.toUnsignedInt(b.getShort(off));
            int valueLen = node.leaf ? Short.toUnsignedInt(b.getShort(off + 2)) : 0;
            if (off + fixed + keyLen + valueLen > page.length) {
                throw new TreeCorruptException("page " + at + ": cell " + i + " runs past the page end");
            }
            if (node.leaf) {
                byte flags = b.get(off + 4);
                if ((flags & ~1) != 0 || ((flags & 1) != 0 && valueLen != 16)) {
                    throw new TreeCorruptException("page " + at + ": cell " + i + " has bad flags " + flags);
                }
                if (!lists) {
                    continue;
                }
                node.keys.add(Arrays.copyOfRange(page, off + fixed, off + fixed + keyLen));
                node.values.add(Arrays.copyOfRange(page, off + fixed + keyLen, off + fixed + keyLen + valueLen));
                node.overflow.add((flags & 1) != 0);
            } else {
                node.children.add(b.getLong(off + 2));
                node.keys.add(Arrays.copyOfRange(page, off + fixed, off + fixed + keyLen));
            }
        }
        return node;
    }

    /** Moves the upper half (by bytes) of this node's cells into a new node of the same kind. */
    Node splitOff() {
        Node right = new Node(leaf);
        int total = encodedSize() - HEADER;
        int half = 0;
        int cut = 0;
        while (cut < keys.size() - 1 && half + 2 + cellSize(cut) <= total / 2) {
            half += 2 + cellSize(cut);
            cut++;
        }
        cut = Math.max(cut, 1);
        moveTail(cut, right);
        return right;
    }

    /**
     * For an append at the right edge: moves only the last cell (a leaf) or the last two (an inner
     * node, one of which goes up as the separator) into a new node, so this one stays full.
     */
    Node splitOffAtEnd() {
        Node right = new Node(leaf);
        moveTail(Math.max(1, keys.size() - (leaf ? 1 : 2)), right);
        return right;
    }

    /** Moves cells [from, size) to the end of {@code target} (same kind). */
    void moveTail(int from, Node target) {
        while (keys.size() > from) {
            target.keys.add(keys.remove(from));
            if (leaf) {
                target.values.add(values.remove(from));
                target.overflow.add(overflow.remove(from));
            } else {
                target.children.add(children.remove(from));
            }
        }
    }
}
