package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The word-at-a-time {@link WalFormat#hole} finds what a byte-by-byte scan finds. */
class WalHoleProperties {

    @Property(tries = 500)
    void matchesTheByteWiseScan(@ForAll @IntRange(min = 0, max = 5000) int length,
            @ForAll @IntRange(min = 0, max = 40) int marks, @ForAll long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        byte[] img = new byte[length];
        for (int m = 0; m < marks && length > 0; m++) {
            int at = r.nextInt(length);
            int run = 1 + r.nextInt(r.nextBoolean() ? 3 : 300); // lone bytes and dense stretches
            for (int i = at; i < Math.min(length, at + run); i++) {
                img[i] = (byte) (1 + r.nextInt(255));
            }
        }
        assertThat(WalFormat.hole(img)).isEqualTo(byteWise(img));
    }

    /** The reference: the first longest run of zero bytes, if at least {@link WalFormat#MIN_HOLE}. */
    static int byteWise(byte[] img) {
        int bestStart = 0;
        int bestLen = 0;
        int run = 0;
        for (int i = 0; i <= img.length; i++) {
            if (i < img.length && img[i] == 0) {
                run++;
            } else {
                if (run > bestLen) {
                    bestLen = run;
                    bestStart = i - run;
                }
                run = 0;
            }
        }
        if (bestLen < WalFormat.MIN_HOLE || bestStart > 0xFFFF || img.length - bestStart - bestLen > 0xFFFF) {
            return WalFormat.NO_HOLE;
        }
        return bestStart << 16 | (img.length - bestStart - bestLen);
    }
}
