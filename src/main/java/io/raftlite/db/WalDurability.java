package io.raftlite.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Which part of a WAL-mode database's write-ahead log is known to be on disk, and what a power cut
 * would leave of it (fault injection). Under {@code synchronous=NORMAL} SQLite fsyncs the WAL only
 * before a checkpoint, and we fsync it by committing under FULL; frames written since may be lost.
 * The state machine runs every checkpoint itself (automatic ones are off), so each one, and each
 * FULL commit, moves the known-durable end of the WAL.
 *
 * <p>Never opens {@code -shm} or the database file itself: closing any descriptor of a file drops
 * every POSIX lock the process holds on it, SQLite's included, and another process could then reset
 * the shared index under this one. The WAL holds no locks; its header (salts, big-endian, at 16 and
 * 20; page size at 8) says which generation it is in, since a checkpoint that resets it draws new salts.
 */
final class WalDurability {
    private static final int WAL_HEADER_BYTES = 32;
    private static final int FRAME_HEADER_BYTES = 24;

    /** The first {@code frames} frames of the WAL generation with these salts. */
    record Mark(long salt1, long salt2, long frames) {
        boolean sameGeneration(Mark other) {
            return salt1 == other.salt1 && salt2 == other.salt2;
        }
    }

    private WalDurability() {
    }

    /**
     * Runs a passive checkpoint on {@code connection} (it fsyncs the WAL, then copies what no reader
     * still needs into the database file) and returns the end of the WAL it made durable: every frame
     * if {@code walSynced} (a FULL commit just fsynced them all), else those it copied.
     */
    static Mark checkpoint(Connection connection, Path database, boolean walSynced) throws SQLException, IOException {
        long frames;
        long copied;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            result.next();
            frames = Math.max(0, result.getLong(2));
            copied = Math.max(0, result.getLong(3));
        }
        Mark header = header(database);
        return new Mark(header.salt1(), header.salt2(), walSynced ? frames : copied);
    }

    /** The later of two marks: within one generation the longer, else the newer generation's. */
    static Mark later(Mark known, Mark fresh) {
        return known != null && known.sameGeneration(fresh) && known.frames() > fresh.frames() ? known : fresh;
    }

    /**
     * Truncates the WAL to what {@code durable} says is on disk: what remains is a prefix of
     * committed transactions, as after a power cut that lost every unsynced write. If the WAL was
     * reset since, every frame of the new generation goes: the reset followed a complete checkpoint,
     * which left everything older in the database file. The caller must not use the database
     * afterwards; the process is about to halt.
     *
     * @return the number of frames discarded
     */
    static long discardUnsynced(Path database, Mark durable) throws IOException {
        Path wal = sibling(database, "-wal");
        if (!Files.exists(wal) || Files.size(wal) < WAL_HEADER_BYTES) {
            return 0;
        }
        long keep = header(database).sameGeneration(durable) ? durable.frames() : 0;
        long frameBytes = FRAME_HEADER_BYTES + pageSize(wal);
        long keepBytes = WAL_HEADER_BYTES + keep * frameBytes;
        long size = Files.size(wal);
        if (keepBytes < size) {
            try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.WRITE)) {
                channel.truncate(keepBytes);
                channel.force(true);
            }
        }
        // The shared index still describes the frames cut off. A real power cut takes it down with
        // every process; here a reader in another process may keep it alive and hand the stale index
        // to the restarted node. Unlinked (not opened), it is rebuilt from the WAL at the next open.
        Files.deleteIfExists(sibling(database, "-shm"));
        return Math.max(0, size - keepBytes) / frameBytes;
    }

    private static Mark header(Path database) throws IOException {
        Path wal = sibling(database, "-wal");
        if (!Files.exists(wal) || Files.size(wal) < WAL_HEADER_BYTES) {
            return new Mark(0, 0, 0);
        }
        ByteBuffer header = read(wal, 0, WAL_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        return new Mark(Integer.toUnsignedLong(header.getInt(16)), Integer.toUnsignedLong(header.getInt(20)), 0);
    }

    private static long pageSize(Path wal) throws IOException {
        long size = Integer.toUnsignedLong(read(wal, 8, 4).order(ByteOrder.BIG_ENDIAN).getInt(0));
        return size == 1 ? 65536 : size; // the format stores 64 KiB as 1
    }

    private static Path sibling(Path database, String suffix) {
        return database.resolveSibling(database.getFileName() + suffix);
    }

    private static ByteBuffer read(Path file, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                // until full or at the end of the file
            }
        }
        return buffer.flip();
    }
}
