package io.bstack.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The shared decoded-page cache against a model of page versions: whatever it answers for a view
 * of commit R is what the range holds at R, through commits, length cuts and take-backs.
 */
class DecodedPagesProperties {
    private static final int PS = 4096;
    private static final int PAGES = 12;

    /** Page versions at each commit: versions.get(seq)[p] = the last commit <= seq that changed p. */
    private final List<long[]> versions = new ArrayList<>();

    private long[] at(long seq) {
        return versions.get((int) seq);
    }

    /** What a range decodes to at commit seq: its pages' versions. */
    private String content(long offset, int length, long seq) {
        long[] v = at(seq);
        StringBuilder b = new StringBuilder();
        for (long p = offset / PS; p <= (offset + length - 1) / PS; p++) {
            b.append(v[(int) p]).append(',');
        }
        return b.toString();
    }

    @Property(tries = 300)
    void neverAnswersWithBytesTheViewDoesNotHave(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        versions.clear();
        versions.add(new long[PAGES]); // commit 0: everything at version 0
        long len = PAGES * (long) PS;
        DecodedPages cache = new DecodedPages(PS, 1 + r.nextInt(40), len);
        TreeMap<Long, Long> epochOf = new TreeMap<>(); // view seq -> epoch it began in
        long head = 0;
        long valid = 0; // commits above this were taken back
        for (int step = 0; step < 400; step++) {
            int op = r.nextInt(100);
            if (op < 25) { // a commit changing some pages, sometimes cutting the length first
                long seq = versions.size();
                long[] v = at(head).clone();
                TreeMap<Long, byte[]> pages = new TreeMap<>();
                for (int k = r.nextInt(4); k >= 0; k--) {
                    int p = r.nextInt(PAGES);
                    v[p] = seq;
                    pages.put((long) p, new byte[0]);
                }
                long minLen = len;
                if (r.nextInt(8) == 0) {
                    minLen = (long) r.nextInt(PAGES) * PS + r.nextInt(PS);
                    for (long p = minLen / PS; p < PAGES; p++) {
                        v[(int) p] = seq; // cut bytes read zero: a new content
                    }
                }
                versions.add(v);
                cache.committed(new CommitRecord(seq, len, minLen, pages));
                head = seq;
            } else if (op < 28 && head > valid) { // the commits above the last durable one are taken back
                valid = Math.max(valid, head - 1 - r.nextInt((int) (head - valid)));
                cache.takenBack(len);
                // taken-back sequences stay used; the state goes back to `valid`
                long seq = versions.size();
                versions.add(at(valid).clone());
                head = seq; // a state equal to `valid`, under a fresh number (sequences are never reused)
                valid = head;
            } else if (op < 35) { // a view begins at the head (its epoch read first, as TxStore does)
                epochOf.put(head, cache.epoch());
            } else if (!epochOf.isEmpty()) { // a view, maybe one begun before a take-back, reads or decodes
                var view = r.nextInt(3) == 0 ? epochOf.lastEntry() : epochOf.floorEntry((long) r.nextInt((int) head + 1));
                if (view == null) {
                    continue;
                }
                long viewSeq = view.getKey();
                long epoch = view.getValue();
                int firstPage = r.nextInt(PAGES);
                long offset = (long) firstPage * PS + (r.nextBoolean() ? 0 : 48); // few offsets: gets meet puts
                int length = r.nextBoolean() ? PS : PS / 2;
                if (offset + length > len) {
                    continue;
                }
                if (op < 70) {
                    cache.put(offset, length, viewSeq, epoch, content(offset, length, viewSeq));
                } else {
                    Object got = cache.get(offset, length, viewSeq, epoch);
                    if (got != null) {
                        assertThat(got).as("range at %d+%d for a view of %d", offset, length, viewSeq)
                                .isEqualTo(content(offset, length, viewSeq));
                    }
                }
            }
        }
    }

    @Property(tries = 50)
    void anUnchangedRangeIsFoundByLaterViews(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DecodedPages cache = new DecodedPages(PS, 100, PAGES * (long) PS);
        cache.put(0, PS, 0, cache.epoch(), "page 0");
        for (long seq = 1; seq < 20; seq++) {
            TreeMap<Long, byte[]> pages = new TreeMap<>();
            pages.put(1L + r.nextInt(PAGES - 1), new byte[0]); // never page 0
            cache.committed(new CommitRecord(seq, PAGES * (long) PS, PAGES * (long) PS, pages));
            assertThat(cache.get(0, PS, seq, cache.epoch())).isEqualTo("page 0");
        }
        assertThat(Arrays.asList(cache.get(0, PS, 19, cache.epoch() + 1))).as("a stale epoch").containsExactly((Object) null);
    }
}
