/**
 * The BStack file: a persistent, fsync-durable binary stack in one file, byte-compatible with the
 * Rust {@code bstack} crate's format 0.4, so either runtime can open the other's files.
 *
 * <h2>What it is</h2>
 * A file is a 32-byte header followed by the payload, a byte sequence that grows and shrinks at
 * its end ({@code push}, {@code extend}, {@code pop}, {@code discard}) and can be rewritten in
 * place ({@code set}, {@code zero}, {@code repeat}, {@code copy}, ...). Everything above — region
 * allocators, the write-ahead log, pages — is built from these calls. The header layout is on
 * {@link io.bstack.stack.StackHeader}; the protocols on {@link io.bstack.stack.Journal}; recovery
 * on {@link io.bstack.stack.Recovery}.
 *
 * <h2>How it stays consistent</h2>
 * Three rules. (1) Size changes commit through one write of the committed length {@code clen}:
 * bytes past {@code clen} are garbage and are cut on open. (2) A write that stays inside one
 * 256-byte-aligned block of the file is taken as power-fail atomic and goes straight to its
 * place. (3) Any other in-place write is journaled: the new bytes (or an O(1) recipe for them:
 * a repeat pattern, copy coordinates) are staged past {@code clen} and synced, then the header is
 * armed with where they go and synced, then they are written in place and synced, then the
 * header is disarmed. An armed header on open means "replay"; the replay is idempotent. Each call
 * returns only after its last barrier, so a returned call is durable and a call in flight at a
 * crash is all or nothing.
 *
 * <h2>Why one writer</h2>
 * The journal has a single slot in the header, so mutations are serialised by a write lock.
 * Readers use positional reads under a read lock and run in parallel with each other; a reader
 * waits only for a mutation in progress, and never sees one half done. Reads inside a prefix
 * declared immutable with {@link io.bstack.stack.BStack#lockUpTo} take no lock at all.
 *
 * <h2>What hurts it</h2>
 * Every mutation costs at least one {@code fdatasync}; a journaled write costs four. Batch small
 * writes ({@link io.bstack.stack.BStack#setBatched} is one journal for many writes) and keep hot
 * fields inside one 256-byte block. Long reads hold the read lock and delay writers.
 *
 * <h2>Locking</h2>
 * The file is locked exclusively while open ({@code FileChannel.tryLock}, a POSIX record lock on
 * Linux), and this JVM keeps its own registry of open files, checked before any channel is
 * opened: a second open from this JVM or another process fails at once with
 * {@link io.bstack.stack.BStackLockedException}. Because POSIX record locks belong to the process
 * and die with the first {@code close} of any descriptor of the file, nothing in this JVM may
 * open the file a second time while a stack holds it. The Rust crate locks with {@code flock},
 * which does not exclude POSIX locks on every system: do not share one file live between the two
 * runtimes.
 *
 * <h2>Differences from the crate</h2>
 * A journal of a known mode whose fields are impossible (no crash can write them) is reported as
 * {@link io.bstack.stack.BStackCorruptException} and the file left untouched, where the crate rolls
 * back. A failed file call during a mutation runs recovery in place before the exception
 * propagates, so the call is all or nothing even without a reopen.
 */
package io.bstack.stack;
