package io.bstack.alloc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The AVL node a free {@link GhostTreeAllocator} block carries in its first 32 bytes
 * (little-endian), keyed by {@code (size, ptr)}:
 *
 * <table>
 * <caption>Node layout, relative to the block's payload offset {@code ptr}</caption>
 * <tr><th>bytes</th><th>field</th></tr>
 * <tr><td>0–7</td><td>{@code size} u64: the whole free block, a multiple of 32, at least 32</td></tr>
 * <tr><td>8</td><td>{@code balance} i8 = right height − left height</td></tr>
 * <tr><td>9</td><td>{@code height} u8 of the subtree (a leaf is 1, null is 0)</td></tr>
 * <tr><td>10</td><td>{@code leftHeight} u8: cached height of the left child</td></tr>
 * <tr><td>11</td><td>{@code rightHeight} u8: cached height of the right child</td></tr>
 * <tr><td>12–15</td><td>reserved, written 0</td></tr>
 * <tr><td>16–23</td><td>{@code left} u64: payload offset of the left child, 0 = none</td></tr>
 * <tr><td>24–31</td><td>{@code right} u64: payload offset of the right child, 0 = none</td></tr>
 * </table>
 *
 * <p>Bytes 10–11 are the child-height cache of crate 0.4.2 (allocator format 0.1.3): older files
 * hold zeros there, which is harmless because every open rebuilds the tree and rewrites them.
 */
record GhostTreeNode(long ptr, long size, int balance, int height, int leftHeight, int rightHeight, long left, long right) {
    static final int BYTES = 32;
    static final int SIZE_AT = 0;
    static final int BALANCE_AT = 8;
    static final int HEIGHT_AT = 9;
    static final int LEFT_HEIGHT_AT = 10;
    static final int RIGHT_HEIGHT_AT = 11;
    static final int LEFT_AT = 16;
    static final int RIGHT_AT = 24;

    /** A node with its balance and height derived from the two child heights, as every write does. */
    static GhostTreeNode of(long ptr, long size, long left, long right, int leftHeight, int rightHeight) {
        int balance = (byte) (rightHeight - leftHeight);
        int height = (1 + Math.max(leftHeight, rightHeight)) & 0xFF;
        return new GhostTreeNode(ptr, size, balance, height, leftHeight & 0xFF, rightHeight & 0xFF, left, right);
    }

    static GhostTreeNode decode(long ptr, byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return new GhostTreeNode(ptr, in.getLong(SIZE_AT), b[BALANCE_AT], b[HEIGHT_AT] & 0xFF,
                b[LEFT_HEIGHT_AT] & 0xFF, b[RIGHT_HEIGHT_AT] & 0xFF, in.getLong(LEFT_AT), in.getLong(RIGHT_AT));
    }

    byte[] encode() {
        byte[] b = new byte[BYTES];
        ByteBuffer out = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(SIZE_AT, size);
        b[BALANCE_AT] = (byte) balance;
        b[HEIGHT_AT] = (byte) height;
        b[LEFT_HEIGHT_AT] = (byte) leftHeight;
        b[RIGHT_HEIGHT_AT] = (byte) rightHeight;
        out.putLong(LEFT_AT, left);
        out.putLong(RIGHT_AT, right);
        return b;
    }

    /** Whether this node's key sorts after the key {@code (otherSize, otherPtr)}. */
    boolean sortsAfter(long otherSize, long otherPtr) {
        int c = Long.compareUnsigned(otherSize, size);
        return c != 0 ? c < 0 : Long.compareUnsigned(otherPtr, ptr) < 0;
    }

    long end() {
        return ptr + size;
    }
}
