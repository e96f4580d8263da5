package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.stack.BStackInvalidInputException;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The raw coordinate type: its algebra and its 16-byte encoding. */
class RegionTest {

    @Test
    void theEncodingIsOffsetThenLengthLittleEndian() throws BStackInvalidInputException {
        Region r = new Region(0x0102030405L, 0x10);
        assertThat(HexFormat.of().formatHex(r.toBytes())).isEqualTo("05040302010000001000000000000000");
        assertThat(Region.fromBytes(r.toBytes())).isEqualTo(r);
    }

    @Test
    void decodingRefusesWhatALongCannotCarry() {
        byte[] huge = new byte[16];
        huge[7] = (byte) 0x80;
        assertThatThrownBy(() -> Region.fromBytes(huge)).isInstanceOf(BStackInvalidInputException.class);
        byte[] overflow = new Region(Long.MAX_VALUE - 1, 1).toBytes();
        overflow[8] = 2;
        assertThatThrownBy(() -> Region.fromBytes(overflow)).isInstanceOf(BStackInvalidInputException.class);
        assertThatThrownBy(() -> Region.fromBytes(new byte[15])).isInstanceOf(BStackInvalidInputException.class);
        assertThatThrownBy(() -> new Region(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergingFollowsTheCrate() {
        Region a = new Region(0, 10);
        Region b = new Region(10, 5);
        Region c = new Region(5, 10);
        assertThat(a.adjacentTo(b)).isTrue();
        assertThat(a.overlaps(b)).isFalse();
        assertThat(a.mergeAdjacent(b)).isEqualTo(new Region(0, 15));
        assertThat(a.merge(c)).isEqualTo(new Region(0, 15));
        assertThat(a.merge(Region.NULL)).isEqualTo(a);
        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.mergeAdjacent(new Region(11, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void encodingRoundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long offset,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long len) throws BStackInvalidInputException {
        Region r = new Region(offset, len);
        assertThat(Region.fromBytes(r.toBytes())).isEqualTo(r);
    }

    @Property
    void overlapIsSymmetricAndMatchesByteSets(@ForAll @LongRange(min = 0, max = 40) long o1, @ForAll @LongRange(min = 0, max = 10) long l1,
            @ForAll @LongRange(min = 0, max = 40) long o2, @ForAll @LongRange(min = 0, max = 10) long l2) {
        Region a = new Region(o1, l1);
        Region b = new Region(o2, l2);
        boolean shared = false;
        for (long x = o1; x < o1 + l1; x++) {
            shared |= x >= o2 && x < o2 + l2;
        }
        assertThat(a.overlaps(b)).isEqualTo(shared).isEqualTo(b.overlaps(a));
    }
}
