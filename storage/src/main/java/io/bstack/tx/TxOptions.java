package io.bstack.tx;

import io.bstack.stack.StackOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TxStore} is opened. Immutable and thread-safe: every {@code with...} returns a new
 * instance. Defaults: {@link Durability#FULL}, a 100 ms NORMAL interval, 4096-byte pages (used
 * only when the database is created; an existing database keeps its own), automatic checkpoint
 * when the WAL passes 64 MiB, an 8 MiB buffer pool, create if missing, production
 * {@link StackOptions} for both files, direct writes of fresh regions from 16 pages on, early
 * writes of a running transaction's fresh pages once its overlay passes 32 MiB, 4096 decoded pages
 * shared between transactions.
 */
public final class TxOptions {
    /** Smallest page size. */
    public static final int MIN_PAGE_SIZE = 4096;
    /** Largest page size. */
    public static final int MAX_PAGE_SIZE = 65536;

    /** Default of {@link #decodedPages()}. */
    public static final int DEFAULT_DECODED_PAGES = 4096;

    /** Default of {@link #earlyWriteBytes()}: 32 MiB. */
    public static final long DEFAULT_EARLY_WRITE_BYTES = 32L << 20;

    /** Default of {@link #directWriteMinPages()}. */
    public static final int DEFAULT_DIRECT_WRITE_MIN_PAGES = 16;

    private static final TxOptions DEFAULTS = new TxOptions(Durability.FULL, Duration.ofMillis(100), 4096,
            64L << 20, 8L << 20, true, StackOptions.defaults(), StackOptions.defaults(), DEFAULT_DIRECT_WRITE_MIN_PAGES,
            DEFAULT_DECODED_PAGES, DEFAULT_EARLY_WRITE_BYTES);

    private final Durability durability;
    private final Duration normalInterval;
    private final int pageSize;
    private final long checkpointWalBytes;
    private final long poolBytes;
    private final boolean createIfMissing;
    private final StackOptions mainStackOptions;
    private final StackOptions walStackOptions;
    private final int directWriteMinPages;
    private final int decodedPages;
    private final long earlyWriteBytes;

    private TxOptions(Durability durability, Duration normalInterval, int pageSize, long checkpointWalBytes,
            long poolBytes, boolean createIfMissing, StackOptions mainStackOptions, StackOptions walStackOptions,
            int directWriteMinPages, int decodedPages, long earlyWriteBytes) {
        this.durability = durability;
        this.normalInterval = normalInterval;
        this.pageSize = pageSize;
        this.checkpointWalBytes = checkpointWalBytes;
        this.poolBytes = poolBytes;
        this.createIfMissing = createIfMissing;
        this.mainStackOptions = mainStackOptions;
        this.walStackOptions = walStackOptions;
        this.directWriteMinPages = directWriteMinPages;
        this.decodedPages = decodedPages;
        this.earlyWriteBytes = earlyWriteBytes;
    }

    /** The defaults listed on the class. */
    public static TxOptions defaults() {
        return DEFAULTS;
    }

    /** A copy with this durability mode. */
    public TxOptions withDurability(Durability d) {
        return new TxOptions(Objects.requireNonNull(d, "durability"), normalInterval, pageSize, checkpointWalBytes,
                poolBytes, createIfMissing, mainStackOptions, walStackOptions, directWriteMinPages, decodedPages, earlyWriteBytes);
    }

    /** A copy whose NORMAL mode pushes at most {@code interval} after a commit (1 ms .. 1 hour). */
    public TxOptions withNormalInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.toMillis() < 1 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("normal interval must be in [1 ms, 1 h]: " + interval);
        }
        return new TxOptions(durability, interval, pageSize, checkpointWalBytes, poolBytes, createIfMissing,
                mainStackOptions, walStackOptions, directWriteMinPages, decodedPages, earlyWriteBytes);
    }

    /** A copy creating databases with this page size: a power of two in [4096, 65536]. */
    public TxOptions withPageSize(int size) {
        if (size < MIN_PAGE_SIZE || size > MAX_PAGE_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("page size must be a power of two in [" + MIN_PAGE_SIZE + ", "
                    + MAX_PAGE_SIZE + "]: " + size);
        }
        return new TxOptions(durability, normalInterval, size, checkpointWalBytes, poolBytes, createIfMissing,
                mainStackOptions, walStackOptions, directWriteMinPages, decodedPages, earlyWriteBytes);
    }

    /** A copy checkpointing automatically once the WAL payload passes {@code bytes} (at least 4096). */
    public TxOptions withCheckpointWalBytes(long bytes) {
        if (bytes < 4096) {
            throw new IllegalArgumentException("checkpoint WAL bytes must be at least 4096: " + bytes);
        }
        return new TxOptions(durability, normalInterval, pageSize, bytes, poolBytes, createIfMissing,
                mainStackOptions, walStackOptions, directWriteMinPages, decodedPages, earlyWriteBytes);
    }

    /**
     * A copy with a buffer pool of about {@code bytes} native bytes (rounded down to whole pages,
     * at least 16 pages).
     */
    public TxOptions withPoolBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("pool bytes must be positive: " + bytes);
        }
        return new TxOptions(durability, normalInterval, pageSize, checkpointWalBytes, bytes, createIfMissing,
                mainStackOptions, walStackOptions, directWriteMinPages, decodedPages, earlyWriteBytes);
    }

    /** A copy that creates a missing database ({@code true}) or refuses to open one. */
    public TxOptions withCreateIfMissing(boolean create) {
        return new TxOptions(durability, normalInterval, pageSize, checkpointWalBytes, poolBytes, create,
                mainStackOptions, walStackOptions, directWriteMinPages, decodedPages, earlyWriteBytes);
    }

    /**
     * Test hook: the {@link StackOptions} for the main file and the WAL file (e.g.
     * {@code StackOptions.testing().withoutSync()} or a fault policy). Production code keeps the
     * defaults.
     */
    public TxOptions withStackOptions(StackOptions main, StackOptions wal) {
        return new TxOptions(durability, normalInterval, pageSize, checkpointWalBytes, poolBytes, createIfMissing,
                Objects.requireNonNull(main, "main"), Objects.requireNonNull(wal, "wal"), directWriteMinPages, decodedPages, earlyWriteBytes);
    }

    /**
     * A copy writing a commit's fresh pages (beyond the main file's end and every length older
     * snapshots may read) straight to the main file, synced before the commit's WAL record, when
     * there are at least {@code pages} of them; 0 disables direct writes (everything goes through
     * the WAL). Default {@value #DEFAULT_DIRECT_WRITE_MIN_PAGES} pages.
     */
    public TxOptions withDirectWriteMinPages(int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("direct write minimum pages must be >= 0: " + pages);
        }
        return new TxOptions(durability, normalInterval, pageSize, checkpointWalBytes, poolBytes, createIfMissing,
                mainStackOptions, walStackOptions, pages, decodedPages, earlyWriteBytes);
    }

    /**
     * A copy sharing up to {@code pages} decoded pages (tree nodes) between the store's transactions,
     * so a transaction does not decode again what an earlier one did; 0 turns the sharing off.
     */
    public TxOptions withDecodedPages(int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("decoded pages must be at least 0, was " + pages);
        }
        return new TxOptions(durability, normalInterval, pageSize, checkpointWalBytes, poolBytes, createIfMissing,
                mainStackOptions, walStackOptions, directWriteMinPages, pages, earlyWriteBytes);
    }

    /**
     * A copy whose write transactions write their fresh pages early, while they run, once their
     * overlay holds more than {@code bytes} of page images: the pages go to their final place in the
     * main file and leave the heap, so a transaction may write more than the heap holds (see
     * {@code EarlyWriter}). 0 turns early writes off. Default {@value #DEFAULT_EARLY_WRITE_BYTES} bytes.
     */
    public TxOptions withEarlyWriteBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("early write bytes must be >= 0: " + bytes);
        }
        return new TxOptions(durability, normalInterval, pageSize, checkpointWalBytes, poolBytes, createIfMissing,
                mainStackOptions, walStackOptions, directWriteMinPages, decodedPages, bytes);
    }

    /** The overlay size beyond which a write transaction writes its fresh pages early; 0 when off. */
    public long earlyWriteBytes() {
        return earlyWriteBytes;
    }

    /** How many decoded pages the store's transactions share; 0 when off. */
    public int decodedPages() {
        return decodedPages;
    }

    /** The fewest fresh pages a commit writes straight to the main file; 0 when disabled. */
    public int directWriteMinPages() {
        return directWriteMinPages;
    }

    public Durability durability() {
        return durability;
    }

    public Duration normalInterval() {
        return normalInterval;
    }

    public int pageSize() {
        return pageSize;
    }

    public long checkpointWalBytes() {
        return checkpointWalBytes;
    }

    public long poolBytes() {
        return poolBytes;
    }

    public boolean createIfMissing() {
        return createIfMissing;
    }

    public StackOptions mainStackOptions() {
        return mainStackOptions;
    }

    /** The WAL's options: in {@link Durability#OFF} mode without test options, {@link StackOptions#unsynced()}. */
    public StackOptions walStackOptions() {
        return durability == Durability.OFF && walStackOptions == StackOptions.defaults() ? StackOptions.unsynced()
                : walStackOptions;
    }

    @Override
    public String toString() {
        return "TxOptions[" + durability + ", normal=" + normalInterval.toMillis() + "ms, page=" + pageSize
                + ", checkpointWal=" + checkpointWalBytes + ", pool=" + poolBytes + ", create=" + createIfMissing + ", directMinPages=" + directWriteMinPages
                + ", decodedPages=" + decodedPages + ", earlyWrite=" + earlyWriteBytes + "]";
    }
}
