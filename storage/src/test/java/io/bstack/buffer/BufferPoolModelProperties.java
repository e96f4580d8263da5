package io.bstack.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random single-threaded sequences of pins, writes and held pins against a map model: every pin
 * sees the last value written to the page, and after close the store holds every written value.
 */
class BufferPoolModelProperties {

    private static final int PAGE = 4096;

    /** One step: pin {@code page}; {@code kind} 0 reads, 1 writes {@code value}, 2 holds the pin. */
    record Op(int page, int kind, long value) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs()).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 150)
    void poolBehavesLikeAMap(@ForAll("ops") List<Op> ops) {
        MemoryPageStore store = new MemoryPageStore(PAGE);
        Map<Integer, Long> model = new HashMap<>();
        ArrayDeque<PinnedPage> held = new ArrayDeque<>();
        try (BufferPool pool = BufferPool.open(store, new BufferPoolConfig(PAGE, 4L * PAGE, 0.75, 0.5))) {
            for (Op op : ops) {
                PinnedPage p = pool.pin(op.page());
                assertThat(p.getLong(0)).isEqualTo(model.getOrDefault(op.page(), 0L));
                if (op.kind() == 1) {
                    p.setLong(0, op.value());
                    p.markDirty();
                    model.put(op.page(), op.value());
                }
                if (op.kind() == 2) {
                    held.addLast(p);
                    if (held.size() > 3) {
                        held.removeFirst().unpin();
                    }
                } else {
                    p.unpin();
                }
                long distinctHeld = held.stream().mapToLong(PinnedPage::pageId).distinct().count();
                assertThat(pool.stats().framesPinned()).isEqualTo((int) distinctHeld);
                assertThat(pool.stats().bytesResident()).isBetween((long) PAGE, 4L * PAGE);
            }
            held.forEach(PinnedPage::unpin);
        }
        model.forEach((page, value) -> {
            if (value != 0L || store.stored(page) != null) {
                assertThat(ByteBuffer.wrap(store.stored(page)).order(ByteOrder.nativeOrder()).getLong(0))
                        .as("page %d", page).isEqualTo(value);
            }
        });
    }
}
