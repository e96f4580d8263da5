package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A chunked stream's single-byte reads go through its chunk reads: unsigned bytes, then -1. */
class ChunkedInputStreamTest {

    @Test
    void singleBytesComeFromChunkReads() throws IOException {
        byte[] data = {5, (byte) 0xFF, 0};
        ChunkedInputStream in = new ChunkedInputStream() {
            private int at;

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == data.length) {
                    return -1;
                }
                int n = Math.min(len, 2); // chunks shorter than asked
                n = Math.min(n, data.length - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
        assertThat(in.read()).isEqualTo(5);
        assertThat(in.read()).isEqualTo(255);
        assertThat(in.read()).isZero();
        assertThat(in.read()).isEqualTo(-1);
    }
}
