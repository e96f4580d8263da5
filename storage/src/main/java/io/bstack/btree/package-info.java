/**
 * Tables and indexes as B+trees on the database's allocator: the storage the SQL engine stands on.
 *
 * <h2>Trees</h2>
 * A {@link io.bstack.btree.BTree} maps byte-string keys (compared as unsigned bytes) to byte-string
 * values. Its nodes are pages of the database's page size, each a region of the allocator the
 * database was created with, read and written through a {@link io.bstack.stack.ByteStack} — in
 * practice a transaction ({@link io.bstack.tx.WriteTx} or {@link io.bstack.tx.ReadTx}), so every
 * split, merge and freed page commits or rolls back with it, and readers walk an unchanging snapshot.
 * The root page never moves; it is the tree's identity, kept in the catalog. Values too large for a
 * quarter page live in overflow regions of their own and stream back in chunks.
 * {@link io.bstack.btree.BulkLoad} builds a tree bottom-up from sorted input;
 * {@link io.bstack.btree.BTree#verify()} checks order, bounds, depth, links and reachability and
 * lists every region a tree owns.
 *
 * <h2>Keys and rows</h2>
 * {@link io.bstack.btree.KeyEncoder} turns typed values ({@link io.bstack.btree.SqlType}) into bytes
 * whose unsigned order is the values' SQL order — composite keys, DESC columns, NULLS FIRST/LAST —
 * so a tree never decodes a key to compare it. {@link io.bstack.btree.RowFormat} writes a compact row
 * (null bitmap, varints, lengths) that {@link io.bstack.btree.RowView} reads column by column; large
 * column values spill to regions through an {@link io.bstack.btree.OverflowStore}. A value may also
 * travel by reference as a {@link io.bstack.btree.Lob}: written, it streams into its region in
 * chunks; read ({@link io.bstack.btree.RowView#lob}), it is a {@link io.bstack.btree.StoredLob} over
 * its region in the reader's snapshot, so no layer holds a large value whole unless it must. A
 * rewritten row's new values are written before its old regions are freed, so a value may stream
 * from the row it replaces.
 *
 * <h2>Tables, indexes, catalog</h2>
 * A {@link io.bstack.btree.Table} keys rows by a 64-bit row id or by its primary key and keeps its
 * unique and non-unique {@link io.bstack.btree.Index}es in step, refusing a duplicate before it
 * writes anything. The {@link io.bstack.btree.Catalog} keeps schemas, tables, indexes, sequences and
 * views in one system tree in the same stack, so DDL is transactional.
 *
 * <h2>What hurts it</h2>
 * Nodes are decoded into Java objects for every change (simple and safe; a slotted-page edit in place
 * would cost less). Pages are allocator regions, not aligned to the transaction layer's pages, so one
 * tree page may touch two. Keys are limited to a quarter page less the cell overhead. Trees are not
 * thread-safe: concurrency comes from transactions (one writer, many snapshot readers).
 */
package io.bstack.btree;
