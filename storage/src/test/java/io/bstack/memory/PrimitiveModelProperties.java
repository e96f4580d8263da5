package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random allocate / free / grow / shrink / reset sequences on every primitive, against a model. */
class PrimitiveModelProperties {

    /** One step: {@code kind} picks the operation, the other fields its arguments. */
    record Op(int kind, int size, int alignShift, int pick) {
    }

    /** A live block and the byte every one of its bytes must hold. */
    record Live(MemorySegment block, Layout layout, byte fill) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(1, 1 << 14),
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 1000)).as(Op::new);
        return op.list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<Boolean> mmap() {
        return NativeAccess.granted() ? Arbitraries.of(true, false) : Arbitraries.just(false);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void sequencesMatchTheModel(@ForAll PrimitiveKind kind, @ForAll("mmap") boolean mmap,
            @ForAll("ops") List<Op> ops) throws Exception {
        long ledgerBefore = NativeMemoryLedger.liveBytes();
        PrimitiveKind.Opened opened = kind.open(mmap);
        Allocator allocator = opened.allocator();
        List<Live> live = new ArrayList<>();
        byte next = 1;
        long staleFrees = 0;
        try {
            for (Op op : ops) {
                int k = op.kind();
                if (k <= 8 || live.isEmpty()) {
                    int size = 1 + (op.size() - 1) % kind.maxSize;
                    Layout layout = Layout.of(size, 1L << Math.min(op.alignShift(), kind.maxAlignShift));
                    boolean zeroed = k % 2 == 0;
                    MemorySegment block = zeroed ? allocator.allocateZeroed(layout) : allocator.allocate(layout);
                    if (zeroed) {
                        assertThat(block.mismatch(MemorySegment.ofArray(new byte[size]))).isEqualTo(-1L);
                    }
                    assertThat(block.byteSize()).isEqualTo(layout.size());
                    block.fill(next);
                    live.add(new Live(block, layout, next++));
                } else if (k <= 12) {
                    Live victim = live.remove(kind.lifo ? live.size() - 1 : op.pick() % live.size());
                    allocator.free(victim.block(), victim.layout());
                } else if (k <= 15) {
                    int i = kind.lifo ? live.size() - 1 : op.pick() % live.size();
                    Live old = live.get(i);
                    long newSize = Math.min(kind.maxSize, old.layout().size() + op.size() % 2048);
                    Layout bigger = old.layout().withSize(Math.max(newSize, old.layout().size()));
                    MemorySegment grown = allocator.grow(old.block(), old.layout(), bigger);
                    assertThat(grown.asSlice(0, old.layout().size()).mismatch(expected(old.layout().size(), old.fill())))
                            .isEqualTo(-1L);
                    grown.fill(old.fill());
                    live.set(i, new Live(grown, bigger, old.fill()));
                } else if (k <= 19) {
                    int i = op.pick() % live.size();
                    Live old = live.get(i);
                    Layout smaller = old.layout().withSize(1 + op.size() % old.layout().size());
                    MemorySegment shrunk = allocator.shrink(old.block(), old.layout(), smaller);
                    live.set(i, new Live(shrunk, smaller, old.fill()));
                } else {
                    List<Live> stale = List.copyOf(live);
                    allocator.reset();
                    live.clear();
                    for (Live s : stale) {
                        if (kind.staleAccessThrows) {
                            assertThatThrownBy(() -> s.block().get(ValueLayout.JAVA_BYTE, 0))
                                    .isInstanceOf(IllegalStateException.class);
                        }
                        assertThatThrownBy(() -> allocator.free(s.block(), s.layout()))
                                .isInstanceOf(AllocatorMisuseException.class);
                        staleFrees++;
                    }
                }
                checkModel(live);
            }
            assertThat(allocator.corruptionEvents()).as("one event per stale free").isEqualTo(staleFrees);
            if (allocator instanceof Statistics stats) {
                assertThat(stats.liveBytes()).isEqualTo(live.stream().mapToLong(l -> l.layout().size()).sum());
            }
            if (allocator instanceof Watermark w) {
                assertThat(w.usedBytes()).isEqualTo(live.stream().mapToLong(l -> l.layout().size()).sum());
            }
        } finally {
            opened.close();
        }
        if (kind.staleAccessThrows) {
            for (Live s : live) {
                assertThatThrownBy(() -> s.block().get(ValueLayout.JAVA_BYTE, 0))
                        .isInstanceOf(IllegalStateException.class);
            }
        }
        assertThat(NativeMemoryLedger.liveBytes()).as("native bytes back after close").isEqualTo(ledgerBefore);
    }

    static MemorySegment expected(long size, byte fill) {
        byte[] bytes = new byte[(int) size];
        Arrays.fill(bytes, fill);
        return MemorySegment.ofArray(bytes);
    }

    private static void checkModel(List<Live> live) {
        List<Live> byAddress = new ArrayList<>(live);
        byAddress.sort(Comparator.comparingLong(l -> l.block().address()));
        for (int i = 0; i < byAddress.size(); i++) {
            Live l = byAddress.get(i);
            assertThat(l.block().address() % l.layout().alignment()).as("alignment").isZero();
            assertThat(l.block().byteSize()).isEqualTo(l.layout().size());
            assertThat(l.block().mismatch(expected(l.layout().size(), l.fill()))).as("contents of block %d", i)
                    .isEqualTo(-1L);
            if (i > 0) {
                Live prev = byAddress.get(i - 1);
                assertThat(prev.block().address() + prev.layout().size())
                        .as("blocks overlap").isLessThanOrEqualTo(l.block().address());
            }
        }
    }
}
