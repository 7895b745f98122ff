package io.raftlite.db;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.CRC32C;

/**
 * Raft snapshots of {@code db.sqlite} as files: consistent copies taken while the state machine
 * keeps applying, each named for the log position it covers, fsynced and published by an atomic
 * rename. Restoring one into the live database is {@link SqliteStateMachine#restoreFrom(Path)}.
 *
 * <p>Files being written end in {@code .tmp}; only complete, fsynced copies carry the name
 * {@code snapshot-<appliedIndex>-<appliedTerm>.sqlite}.
 */
public final class SqliteSnapshots {
    private static final int CHECKSUM_BUFFER_BYTES = 1 << 16;

    /** A published snapshot file, the log position its content has applied, its size and CRC32C. */
    public record Exported(Path file, long appliedIndex, long appliedTerm, long size, long checksum) {
    }

    private SqliteSnapshots() {
    }

    /**
     * Copies the live database at {@code dbFile} into {@code targetDir} (created if missing) as
     * {@code snapshot-<appliedIndex>-<appliedTerm>.sqlite}, replacing a file of that name. The copy
     * is one consistent read transaction, so writes go on meanwhile; no partial file is ever left
     * under the final name, nor a temporary one after a failure.
     *
     * @throws IllegalStateException if the database cannot be read or the copy cannot be written
     */
    public static Exported export(Path dbFile, Path targetDir) {
        Path temporary = null;
        boolean published = false;
        try {
            Files.createDirectories(targetDir);
            temporary = tempFileIn(targetDir, "snapshot-");
            vacuumInto(dbFile, temporary);
            fsync(temporary);
            AppliedPosition applied = positionOf(temporary);
            long size = Files.size(temporary);
            long checksum = checksum(temporary);
            Path target = targetDir.resolve("snapshot-" + applied.index() + "-" + applied.term() + ".sqlite");
            moveDurably(temporary, target);
            published = true;
            return new Exported(target, applied.index(), applied.term(), size, checksum);
        } catch (IOException | UncheckedIOException failure) {
            throw new IllegalStateException("cannot write a snapshot of " + dbFile + " into " + targetDir + ": " + failure.getMessage(), failure);
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot copy " + dbFile + " into a snapshot in " + targetDir + ": "
                    + SqliteErrors.message(failure), failure);
        } finally {
            if (!published) {
                deleteQuietly(temporary);
            }
        }
    }

    /** CRC32C of the whole file, read in small pieces: snapshots can be far larger than the heap. */
    public static long checksum(Path file) {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHECKSUM_BUFFER_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) != -1) {
                crc.update(buffer.flip());
                buffer.clear();
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + file + " to checksum it", failure);
        }
        return crc.getValue();
    }

    /** A new empty file in {@code dir} whose name ends in {@code .tmp}, so it is never taken for a snapshot. */
    public static Path tempFileIn(Path dir, String prefix) throws IOException {
        return Files.createTempFile(dir, prefix, ".tmp");
    }

    /** Forces the file's content and size to disk. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Renames {@code source} to {@code target} atomically, replacing it, then fsyncs the directory so
     * the rename itself survives a crash. Both must be in the same directory.
     */
    public static void moveDurably(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsync(target.toAbsolutePath().getParent());
    }

    /**
     * The log position a snapshot file has applied, checked before it may replace a live database.
     *
     * @throws IllegalArgumentException if it is not a SQLite database, lacks {@code _raftlite_applied},
     *                                  or has another page size than the live one (SQLite's backup
     *                                  cannot change the page size of a database in WAL mode)
     */
    static AppliedPosition validateForRestore(Path snapshotFile, long livePageSize) {
        if (!Files.isRegularFile(snapshotFile)) {
            throw new IllegalArgumentException("snapshot file " + snapshotFile + " does not exist or is not a regular file");
        }
        try (Connection connection = openReadOnly(snapshotFile)) {
            AppliedPosition applied = AppliedPosition.read(connection).orElseThrow(() -> new IllegalArgumentException(
                    "snapshot file " + snapshotFile + " is a SQLite database but no raftlite snapshot: it has no _raftlite_applied table"));
            long pageSize = pragma(connection, "page_size");
            if (pageSize != livePageSize) {
                throw new IllegalArgumentException("snapshot file " + snapshotFile + " has SQLite page size " + pageSize
                        + " but the live database has " + livePageSize + ": a database in WAL mode cannot take another page size");
            }
            return applied;
        } catch (SQLException failure) {
            throw new IllegalArgumentException("snapshot file " + snapshotFile + " is not a readable SQLite database: "
                    + SqliteErrors.message(failure), failure);
        }
    }

    static long pragma(Connection connection, String name) throws SQLException {
        try (var statement = connection.createStatement(); var result = statement.executeQuery("PRAGMA " + name)) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * VACUUM INTO from a read-only connection: it only reads the source (one read transaction, which
     * in WAL mode never blocks the writer), and SQLite allows it there. It is refused under
     * {@code PRAGMA query_only}, which is why this does not borrow a {@link ReadPool} connection.
     */
    private static void vacuumInto(Path dbFile, Path target) throws SQLException {
        try (Connection connection = openReadOnly(dbFile); var vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toString());
            vacuum.execute();
        }
    }

    private static AppliedPosition positionOf(Path copy) throws SQLException {
        try (Connection connection = openReadOnly(copy)) {
            return AppliedPosition.read(connection).orElse(AppliedPosition.NOTHING_APPLIED);
        }
    }

    private static Connection openReadOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the .tmp name keeps a leftover from being taken for a snapshot
        }
    }
}
