package io.bstack.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Converts a 0.1.x file (16-byte header) to format 0.4 as the crate's {@code migrate} does: a
 * sibling {@code <path>.migrating} receives a fresh 32-byte header and the committed payload
 * (the length clamped to the bytes present), is synced, and atomically replaces the original.
 * A crash leaves either the untouched original or the converted file, plus perhaps a stray
 * {@code .migrating} sibling that the next migration overwrites.
 */
final class Migration {
    private Migration() {}

    static void migrate(Path path) throws IOException {
        OpenFiles.Claim claim = OpenFiles.claim(path, false);
        try (FileChannel in = FileChannel.open(claim.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = in.tryLock();
            if (lock == null) {
                throw new BStackLockedException(claim.path(), "by another process");
            }
            long size = in.size();
            byte[] header = new byte[(int) Math.min(size, StackHeader.LEGACY_SIZE)];
            in.read(ByteBuffer.wrap(header), 0);
            if (size < StackHeader.LEGACY_SIZE
                    || !StackHeader.hasPrefix(header, StackHeader.LEGACY_PREFIX, StackHeader.COMPARED_MAGIC_BYTES)) {
                throw new BStackInvalidInputException(path + " is not a BStack 0.1.x file; nothing to migrate");
            }
            long clen = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
            long present = size - StackHeader.LEGACY_SIZE;
            if (clen < 0 || clen > present) {
                clen = present;
            }
            Path tmp = path.resolveSibling(path.getFileName() + ".migrating");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer h = ByteBuffer.wrap(StackHeader.fresh()).order(ByteOrder.LITTLE_ENDIAN);
                h.putLong(8, clen);
                while (h.hasRemaining()) {
                    out.write(h);
                }
                long done = 0;
                while (done < clen) {
                    done += in.transferTo(StackHeader.LEGACY_SIZE + done, clen - done, out);
                }
                out.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(path.toAbsolutePath().getParent());
        } finally {
            OpenFiles.release(claim);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
