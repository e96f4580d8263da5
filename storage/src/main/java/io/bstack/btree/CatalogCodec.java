package io.bstack.btree;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte form of catalog definitions: a version byte (2), then the fields in declaration order
 * with {@link DataOutputStream}'s encodings (UTF strings, big-endian numbers, a null string as a
 * 0 flag). Decoding damaged bytes throws {@link RecordFormatException}. Stateless.
 */
final class CatalogCodec {

    private static final int VERSION = 2; // 2: columns carry their declared SQL type

    private CatalogCodec() {
    }

    static byte[] table(TableDef t) {
        return write(out -> {
            out.writeLong(t.root());
            out.writeInt(t.columns().size());
            for (ColumnDef c : t.columns()) {
                out.writeUTF(c.name());
                out.writeUTF(c.type().name());
                out.writeBoolean(c.nullable());
                optional(out, c.defaultSql());
                out.writeUTF(c.declared());
            }
            ints(out, t.primaryKey());
            out.writeInt(t.constraintsSql().size());
            for (String s : t.constraintsSql()) {
                out.writeUTF(s);
            }
            List<Integer> always = new ArrayList<>();
            for (int i = 0; i < t.columns().size(); i++) {
                if (t.columns().get(i).generatedAlways()) {
                    always.add(i);
                }
            }
            if (!always.isEmpty()) { // written only when there are some: entries without stay as before
                ints(out, always);
            }
        });
    }

    /**
     * Table definitions already decoded, by schema, name and stored bytes (the same bytes always
     * decode to the same immutable definition; every statement that names a table asks for it).
     */
    private static final java.util.concurrent.ConcurrentHashMap<DecodedKey, TableDef> TABLES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_DECODED_TABLES = 4096;

    private record DecodedKey(String schema, String name, java.nio.ByteBuffer bytes) {}

    static TableDef table(String schema, String name, byte[] bytes) throws RecordFormatException {
        DecodedKey key = new DecodedKey(schema, name, java.nio.ByteBuffer.wrap(bytes));
        TableDef known = TABLES.get(key);
        if (known != null) {
            return known;
        }
        TableDef def = decodeTable(schema, name, bytes);
        if (TABLES.size() >= MAX_DECODED_TABLES) {
            TABLES.clear();
        }
        TABLES.put(new DecodedKey(schema, name, java.nio.ByteBuffer.wrap(bytes.clone())), def);
        return def;
    }

    private static TableDef decodeTable(String schema, String name, byte[] bytes) throws RecordFormatException {
        return read(bytes, in -> {
            long root = in.readLong();
            int n = count(in);
            List<ColumnDef> cols = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                cols.add(new ColumnDef(in.readUTF(), SqlType.valueOf(in.readUTF()), in.readBoolean(), optional(in),
                        in.readUTF()));
            }
            List<Integer> pk = ints(in);
            int m = count(in);
            List<String> constraints = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                constraints.add(in.readUTF());
            }
            if (in.available() > 0) { // the GENERATED ALWAYS columns, when there are some
                for (int i : ints(in)) {
                    if (i < 0 || i >= cols.size()) {
                        throw new RecordFormatException("GENERATED ALWAYS column " + i + " of " + cols.size());
                    }
                    ColumnDef c = cols.get(i);
                    cols.set(i, new ColumnDef(c.name(), c.type(), c.nullable(), c.defaultSql(), c.declared(), true));
                }
            }
            return new TableDef(schema, name, cols, pk, constraints, root);
        });
    }

    static byte[] index(IndexDef d) {
        return write(out -> {
            out.writeLong(d.root());
            out.writeUTF(d.table());
            ints(out, d.columns());
            for (boolean b : d.descending()) {
                out.writeBoolean(b);
            }
            out.writeBoolean(d.unique());
        });
    }

    static IndexDef index(String schema, String name, byte[] bytes) throws RecordFormatException {
        return read(bytes, in -> {
            long root = in.readLong();
            String table = in.readUTF();
            List<Integer> cols = ints(in);
            List<Boolean> desc = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                desc.add(in.readBoolean());
            }
            return new IndexDef(schema, name, table, cols, desc, in.readBoolean(), root);
        });
    }

    static byte[] sequence(SequenceDef s) {
        return write(out -> {
            out.writeLong(s.next());
            out.writeLong(s.increment());
        });
    }

    static SequenceDef sequence(String schema, String name, byte[] bytes) throws RecordFormatException {
        return read(bytes, in -> new SequenceDef(schema, name, in.readLong(), in.readLong()));
    }

    static byte[] view(ViewDef v) {
        return write(out -> out.writeUTF(v.sql()));
    }

    static ViewDef view(String schema, String name, byte[] bytes) throws RecordFormatException {
        return read(bytes, in -> new ViewDef(schema, name, in.readUTF()));
    }

    static byte[] statistics(TableStats t) {
        return write(out -> {
            out.writeLong(t.rows());
            out.writeBoolean(t.sampled());
            out.writeInt(t.columns().size());
            for (var e : new java.util.TreeMap<>(t.columns()).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().distinct());
                out.writeLong(e.getValue().nulls());
            }
        });
    }

    static TableStats statistics(byte[] bytes) throws RecordFormatException {
        return read(bytes, in -> {
            long rows = in.readLong();
            boolean sampled = in.readBoolean();
            int n = in.readInt();
            if (n < 0) {
                throw new RecordFormatException("negative column count in table statistics: " + n);
            }
            java.util.Map<String, TableStats.ColumnStats> columns = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                columns.put(in.readUTF(), new TableStats.ColumnStats(in.readLong(), in.readLong()));
            }
            return new TableStats(rows, sampled, columns);
        });
    }

    static byte[] function(FunctionDef f) {
        return write(out -> {
            out.writeBoolean(f.aggregate());
            out.writeUTF(f.target());
            out.writeBoolean(f.deterministic());
            optional(out, f.dataType());
            out.writeInt(f.minArguments());
            out.writeInt(f.maxArguments());
        });
    }

    static FunctionDef function(String name, byte[] bytes) throws RecordFormatException {
        return read(bytes, in -> new FunctionDef(name, in.readBoolean(), in.readUTF(), in.readBoolean(), optional(in),
                in.readInt(), in.readInt()));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            w.write(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> r) throws RecordFormatException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new RecordFormatException("catalog entry of version " + version + ", expected " + VERSION);
            }
            T t = r.read(in);
            if (in.available() != 0) {
                throw new RecordFormatException("catalog entry has " + in.available() + " trailing bytes");
            }
            return t;
        } catch (RecordFormatException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new RecordFormatException("damaged catalog entry: " + e);
        }
    }

    private static void optional(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void ints(DataOutputStream out, List<Integer> list) throws IOException {
        out.writeInt(list.size());
        for (int i : list) {
            out.writeInt(i);
        }
    }

    private static List<Integer> ints(DataInputStream in) throws IOException {
        int n = count(in);
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(in.readInt());
        }
        return list;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("count " + n + " out of range");
        }
        return n;
    }
}
