package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour the model and crash tests do not pin down on their own. */
class BStackTest {
    @TempDir
    Path dir;

    private static byte[] legacyFile(long clen, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'B', 'S', 'T', 'K', 0, 1, 8, 0}).putLong(clen).put(payload);
        return b.array();
    }

    @Test
    void aLegacyFileIsRefusedWithAPointerToMigrate() throws IOException {
        Path f = dir.resolve("old.bstack");
        byte[] legacy = legacyFile(3, "abc".getBytes());
        Files.write(f, legacy);
        assertThatThrownBy(() -> BStack.open(f)).isInstanceOf(BStackUnsupportedException.class)
                .hasMessageContaining("BStack.migrate(Path)").hasMessageContaining("0.1");
        assertThat(Files.readAllBytes(f)).isEqualTo(legacy);
        // the refused open released the file
        BStack.migrate(f);
        assertThat(Files.readAllBytes(f)).isEqualTo(GoldenBytesTest.bytes(
                "42 53 54 4B 00 04 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 61 62 63"));
        assertThat(dir.resolve("old.bstack.migrating")).doesNotExist();
        try (BStack s = BStack.open(f)) {
            assertThat(s.get(0, 3)).isEqualTo("abc".getBytes());
        }
    }

    @Test
    void migrateDropsAnUncommittedTailAndClampsAnOverlongLength() throws IOException {
        Path longer = dir.resolve("longer.bstack");
        Files.write(longer, legacyFile(2, "abcd".getBytes()));
        BStack.migrate(longer);
        Path shorter = dir.resolve("shorter.bstack");
        Files.write(shorter, legacyFile(50, "xyz".getBytes()));
        BStack.migrate(shorter);
        try (BStack a = BStack.open(longer); BStack b = BStack.open(shorter)) {
            assertThat(a.get(0, a.len())).isEqualTo("ab".getBytes());
            assertThat(b.get(0, b.len())).isEqualTo("xyz".getBytes());
        }
    }

    @Test
    void migrateRefusesACurrentFileAndAnOpenOne() throws IOException {
        Path f = dir.resolve("new.bstack");
        try (BStack s = BStack.open(f)) {
            s.push(new byte[] {1});
            assertThatThrownBy(() -> BStack.migrate(f)).isInstanceOf(BStackLockedException.class);
        }
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> BStack.migrate(f)).isInstanceOf(BStackInvalidInputException.class)
                .hasMessageContaining("not a BStack 0.1.x file");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
    }

    @Test
    void migrateOfAMissingFileCreatesNothing() {
        Path missing = dir.resolve("missing.bstack");
        assertThatThrownBy(() -> BStack.migrate(missing)).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(missing).doesNotExist();
    }

    @Test
    void testHooksNeedTheJvmProperty() {
        String old = System.clearProperty(StackOptions.TEST_HOOKS_PROPERTY);
        try {
            assertThatThrownBy(StackOptions::testing).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(StackOptions.TEST_HOOKS_PROPERTY);
        } finally {
            System.setProperty(StackOptions.TEST_HOOKS_PROPERTY, old);
        }
        assertThatThrownBy(() -> StackOptions.defaults().withoutSync()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StackOptions.defaults().withFaultPolicy(FaultPolicy.failAt(0)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void faultInjectionIsRefusedOnAProductionStack() throws IOException {
        try (BStack s = BStack.open(dir.resolve("p.bstack"))) {
            assertThatThrownBy(() -> s.faultPolicy(FaultPolicy.failAt(0))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void theLockedPrefixRefusesWritesAndShrinksButNotReads() throws IOException {
        try (BStack s = BStack.open(dir.resolve("l.bstack"))) {
            s.push(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            s.lockUpTo(4);
            assertThat(s.lockedLen()).isEqualTo(4);
            assertThatThrownBy(() -> s.set(3, new byte[] {9})).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.discard(5)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.atrunc(5, new byte[] {1, 2, 3, 4, 5, 6})).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.copy(4, 0, 2)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.lockUpTo(3)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.lockUpTo(9)).isInstanceOf(BStackInvalidInputException.class);
            s.set(4, new byte[] {9});
            s.copy(0, 6, 2); // reading from the prefix is fine; writing into it is not
            assertThat(s.get(0, s.len())).isEqualTo(new byte[] {1, 2, 3, 4, 9, 6, 1, 2});
            s.discard(4);
            assertThat(s.get(0, s.len())).isEqualTo(new byte[] {1, 2, 3, 4});
        }
        try (BStack s = BStack.open(dir.resolve("l.bstack"))) {
            assertThat(s.lockedLen()).as("never persisted").isZero();
        }
    }

    @Test
    void aStackWhoseRepairFailedSaysSoAndRefusesCalls() throws IOException {
        Path f = dir.resolve("broken.bstack");
        try (BStack s = BStack.open(f, StackOptions.testing().withoutSync())) {
            s.push(new byte[] {1, 2, 3});
            assertThat(s.needsReopen()).isFalse();
            s.faultPolicy(FaultPolicy.random(1, 1000)); // every file call fails, the repair too
            assertThatThrownBy(() -> s.push(new byte[] {4})).isInstanceOf(InjectedFaultException.class);
            assertThat(s.needsReopen()).isTrue();
            s.faultPolicy(FaultPolicy.none());
            assertThatThrownBy(() -> s.get(0, 1)).isInstanceOf(BStackException.class).hasMessageContaining("reopened");
        }
        try (BStack s = BStack.open(f)) {
            assertThat(s.needsReopen()).isFalse();
            assertThat(s.get(0, 3)).isEqualTo(new byte[] {1, 2, 3});
        }
    }

    @Test
    void aClosedStackRefusesEveryCall() throws IOException {
        BStack s = BStack.open(dir.resolve("c.bstack"));
        s.push(new byte[] {1});
        s.close();
        s.close();
        assertThatThrownBy(() -> s.push(new byte[] {1})).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.get(0, 1)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.peek(0)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void offsetsACannotCarryAreRefused() throws IOException {
        try (BStack s = BStack.open(dir.resolve("o.bstack"))) {
            s.push(new byte[] {1, 2});
            assertThatThrownBy(() -> s.get(-1, 1)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.get(1, 0)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.extend(Long.MAX_VALUE)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.set(Long.MAX_VALUE, new byte[] {1})).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.zero(0, -1)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.repeat(0, new byte[] {1, 2}, Long.MAX_VALUE / 2 + 1))
                    .isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.pop(3)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.ensure(Long.MAX_VALUE)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.resize(Long.MAX_VALUE - 10)).isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.setBatched(List.of(new StackWrite(3, new byte[0]))))
                    .isInstanceOf(BStackInvalidInputException.class);
            assertThatThrownBy(() -> s.cas(2, new byte[] {1}, new byte[] {1, 2})).isInstanceOf(BStackInvalidInputException.class);
            assertThat(s.cas(0, new byte[] {1}, new byte[] {1, 2})).isFalse();
            assertThatThrownBy(() -> s.readerAt(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(s.get(0, 2)).isEqualTo(new byte[] {1, 2});
        }
    }

    @Test
    void streamsAndChannelWorkOnTheLiveStack() throws IOException {
        try (BStack s = BStack.open(dir.resolve("a.bstack"))) {
            try (OutputStream out = s.writer()) {
                out.write(new byte[] {1, 2, 3});
                out.write(4);
                out.write(new byte[] {9, 5, 6, 9}, 1, 2);
            }
            assertThat(s.len()).isEqualTo(6);
            try (InputStream in = s.readerAt(2)) {
                assertThat(in.readAllBytes()).isEqualTo(new byte[] {3, 4, 5, 6});
            }
            try (SeekableByteChannel ch = s.channel()) {
                ch.position(4).write(ByteBuffer.wrap(new byte[] {7, 8, 9, 10}));
                assertThat(ch.size()).isEqualTo(8);
                ch.position(10).write(ByteBuffer.wrap(new byte[] {11}));
                assertThat(s.get(0, s.len())).isEqualTo(new byte[] {1, 2, 3, 4, 7, 8, 9, 10, 0, 0, 11});
                assertThat(ch.position(20).write(ByteBuffer.allocate(0))).isZero();
                assertThat(s.len()).as("an empty write grows nothing").isEqualTo(11);
                ch.truncate(3);
                ByteBuffer back = ByteBuffer.allocate(10);
                assertThat(ch.position(0).read(back)).isEqualTo(3);
                assertThat(ch.read(back)).isEqualTo(-1);
            }
            try (InputStream in = s.reader()) {
                assertThat(in.readAllBytes()).isEqualTo(new byte[] {1, 2, 3});
            }
        }
    }

    @Test
    void readersNeverSeeATornJournaledWrite() throws Exception {
        try (BStack s = BStack.open(dir.resolve("r.bstack"), StackOptions.testing().withoutSync())) {
            s.extend(1024); // every write below crosses 256-byte blocks and goes through the journal
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Integer>> readers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    readers.add(pool.submit(() -> {
                        int checks = 0;
                        byte[] buf = new byte[600];
                        while (!done.get() || checks < 10) {
                            s.getInto(100, buf);
                            byte first = buf[0];
                            for (byte b : buf) {
                                assertThat(b).isEqualTo(first);
                            }
                            checks++;
                        }
                        return checks;
                    }));
                }
                for (int i = 1; i <= 200; i++) {
                    byte[] fill = new byte[600];
                    Arrays.fill(fill, (byte) i);
                    s.set(100, fill);
                }
                done.set(true);
                for (Future<Integer> r : readers) {
                    assertThat(r.get()).isPositive();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
