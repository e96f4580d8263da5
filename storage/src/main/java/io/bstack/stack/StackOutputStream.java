package io.bstack.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** Every write is one durable push; {@code flush} has nothing left to do. */
final class StackOutputStream extends OutputStream {
    private final BStack stack;

    StackOutputStream(BStack stack) {
        this.stack = stack;
    }

    @Override
    public void write(int b) throws IOException {
        stack.push(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        stack.push(off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len));
    }
}
