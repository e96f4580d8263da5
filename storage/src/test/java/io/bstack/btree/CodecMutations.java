package io.bstack.btree;

import java.util.Arrays;
import java.util.Random;

/** Random damage to an encoding: 1–3 of byte overwrites, bit flips, truncations, insertions, deletions. */
final class CodecMutations {
    private CodecMutations() {
    }

    static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int steps = 1 + random.nextInt(3);
        for (int s = 0; s < steps; s++) {
            int op = random.nextInt(5);
            if (b.length == 0) {
                op = 3;
            }
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (op) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
                case 3 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : random.nextBoolean() ? 0 : 0xFF);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
            }
        }
        return b;
    }
}
