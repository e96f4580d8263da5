package io.bstack.stack;

/** A payload range {@code [start, end)} for batched reads. */
public record StackRange(long start, long end) {}
