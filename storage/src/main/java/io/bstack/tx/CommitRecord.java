package io.bstack.tx;

import java.util.Map;
import java.util.SortedMap;

/**
 * What one commit changed: its sequence, its new length {@code len}, the lowest length the
 * transaction reached {@code minLen}, and the new version of every page it changed, a full image
 * or {@code null} for an all-zero page. Images are owned by the record and never modified after
 * construction. Immutable once built; safe to share between threads.
 */
record CommitRecord(long seq, long len, long minLen, SortedMap<Long, byte[]> pages) {

    CommitRecord withSeq(long s) {
        return new CommitRecord(s, len, minLen, pages);
    }

    /** Encoded size in the WAL for pages of {@code pageSize} bytes. */
    long encodedSize(int pageSize) {
        long n = WalFormat.RECORD_HEADER + 4L;
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            n += 8 + (e.getValue() == null ? 0 : pageSize);
        }
        return n;
    }
}
