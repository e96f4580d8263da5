package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random allocate / free / grow / shrink / reset sequences against a model of live blocks. */
class BackingModelProperties {

    /** One step: {@code kind} picks the operation, the other fields its arguments. */
    record Op(int kind, int size, int alignShift, int pick) {
    }

    /** A live block and the byte every one of its bytes must hold. */
    record Live(MemorySegment block, Layout layout, byte fill) {
    }

    @Provide
    Arbitrary<BackingKind> kinds() {
        return Arbitraries.of(BackingKind.availableKinds());
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(1, 4096),
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 1000)).as(Op::new);
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void sequencesMatchTheModel(@ForAll("kinds") BackingKind kind, @ForAll("ops") List<Op> ops) throws Exception {
        long ledgerBefore = NativeMemoryLedger.liveBytes();
        Allocator allocator = kind.open();
        List<Live> live = new ArrayList<>();
        byte next = 1;
        long staleFrees = 0;
        try {
            for (Op op : ops) {
                int k = op.kind();
                if (k <= 8 || live.isEmpty()) {
                    Layout layout = Layout.of(op.size(), 1L << op.alignShift());
                    boolean zeroed = k % 2 == 0;
                    MemorySegment block = zeroed ? allocator.allocateZeroed(layout) : allocator.allocate(layout);
                    if (zeroed) {
                        assertThat(block.mismatch(MemorySegment.ofArray(new byte[op.size()]))).isEqualTo(-1L);
                    }
                    live.add(filled(block, layout, next++));
                } else if (k <= 12) {
                    Live victim = live.remove(op.pick() % live.size());
                    allocator.free(victim.block(), victim.layout());
                } else if (k <= 15) {
                    int i = op.pick() % live.size();
                    Live old = live.get(i);
                    Layout bigger = old.layout().withSize(old.layout().size() + op.size());
                    MemorySegment grown = allocator.grow(old.block(), old.layout(), bigger);
                    assertThat(grown.asSlice(0, old.layout().size()).mismatch(expected(old))).isEqualTo(-1L);
                    grown.asSlice(old.layout().size()).fill(old.fill());
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
                        assertThatThrownBy(() -> s.block().get(ValueLayout.JAVA_BYTE, 0))
                                .isInstanceOf(IllegalStateException.class);
                        assertThatThrownBy(() -> allocator.free(s.block(), s.layout()))
                                .isInstanceOf(AllocatorMisuseException.class)
                                .extracting(e -> ((AllocatorMisuseException) e).misuse())
                                .isEqualTo(AllocatorMisuseException.Misuse.STALE_AFTER_RESET);
                        staleFrees++;
                    }
                }
                checkModel(live);
            }
            assertThat(allocator.corruptionEvents()).as("one event per stale free").isEqualTo(staleFrees);
        } finally {
            BackingKind.close(allocator);
        }
        for (Live s : live) {
            assertThatThrownBy(() -> s.block().get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(NativeMemoryLedger.liveBytes()).isEqualTo(ledgerBefore);
    }

    private static Live filled(MemorySegment block, Layout layout, byte fill) {
        assertThat(block.byteSize()).isEqualTo(layout.size());
        assertThat(block.address() % layout.alignment()).isZero();
        block.fill(fill);
        return new Live(block, layout, fill);
    }

    private static MemorySegment expected(Live l) {
        byte[] bytes = new byte[(int) l.layout().size()];
        java.util.Arrays.fill(bytes, l.fill());
        return MemorySegment.ofArray(bytes);
    }

    private static void checkModel(List<Live> live) {
        List<Live> byAddress = new ArrayList<>(live);
        byAddress.sort(Comparator.comparingLong(l -> l.block().address()));
        for (int i = 0; i < byAddress.size(); i++) {
            Live l = byAddress.get(i);
            assertThat(l.block().address() % l.layout().alignment()).isZero();
            assertThat(l.block().byteSize()).isEqualTo(l.layout().size());
            assertThat(l.block().mismatch(expected(l))).as("contents of block %d", i).isEqualTo(-1L);
            if (i > 0) {
                Live prev = byAddress.get(i - 1);
                assertThat(prev.block().address() + prev.layout().size())
                        .as("blocks overlap").isLessThanOrEqualTo(l.block().address());
            }
        }
    }
}
