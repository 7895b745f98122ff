package io.raftlite.command;

import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The byte format of {@link SqlCommand} in the Raft log: a version byte, then length-prefixed fields. */
public final class CommandCodec {
    private static final byte VERSION = 1;
    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte REAL = 2;
    private static final byte TEXT = 3;
    private static final byte BLOB = 4;
    private static final byte BOOL = 5;

    private CommandCodec() {
    }

    public static byte[] encode(SqlCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeBoolean(command.transaction());
            out.writeBoolean(command.rowsFromReads());
            out.writeInt(command.statements().size());
            for (Statement statement : command.statements()) {
                writeText(out, statement.sql());
                out.writeInt(statement.positional().size());
                for (SqlValue value : statement.positional()) {
                    writeValue(out, value);
                }
                out.writeInt(statement.named().size());
                for (Map.Entry<String, SqlValue> named : statement.named().entrySet()) {
                    writeText(out, named.getKey());
                    writeValue(out, named.getValue());
                }
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a command this version can read */
    public static SqlCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("SQL command has format version " + version + "; this raftlite reads " + VERSION);
            }
            boolean transaction = in.readBoolean();
            boolean rowsFromReads = in.readBoolean();
            int count = in.readInt();
            List<Statement> statements = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String sql = readText(in);
                int positionalCount = in.readInt();
                List<SqlValue> positional = new ArrayList<>(positionalCount);
                for (int p = 0; p < positionalCount; p++) {
                    positional.add(readValue(in));
                }
                int namedCount = in.readInt();
                Map<String, SqlValue> named = new LinkedHashMap<>();
                for (int n = 0; n < namedCount; n++) {
                    named.put(readText(in), readValue(in));
                }
                statements.add(new Statement(sql, positional, named));
            }
            return new SqlCommand(statements, transaction, rowsFromReads);
        } catch (IOException truncated) {
            throw new IllegalArgumentException("SQL command is truncated or corrupt", truncated);
        }
    }

    private static void writeValue(DataOutputStream out, SqlValue value) throws IOException {
        if (value instanceof SqlValue.Int integer) {
            out.writeByte(INT);
            out.writeLong(integer.value());
        } else if (value instanceof SqlValue.Real real) {
            out.writeByte(REAL);
            out.writeDouble(real.value());
        } else if (value instanceof SqlValue.Text text) {
            out.writeByte(TEXT);
            writeText(out, text.value());
        } else if (value instanceof SqlValue.Blob blob) {
            out.writeByte(BLOB);
            out.writeInt(blob.value().length);
            out.write(blob.value());
        } else if (value instanceof SqlValue.Bool bool) {
            out.writeByte(BOOL);
            out.writeBoolean(bool.value());
        } else {
            out.writeByte(NULL);
        }
    }

    private static SqlValue readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> SqlValue.NULL;
            case INT -> new SqlValue.Int(in.readLong());
            case REAL -> new SqlValue.Real(in.readDouble());
            case TEXT -> new SqlValue.Text(readText(in));
            case BLOB -> {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                yield new SqlValue.Blob(bytes);
            }
            case BOOL -> new SqlValue.Bool(in.readBoolean());
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    /** UTF-8 with an int length: DataOutputStream.writeUTF stops at 64 KiB, SQL need not. */
    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
