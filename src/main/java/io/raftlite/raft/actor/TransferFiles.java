package io.raftlite.raft.actor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** Snapshot files on disk: checksums, and moves that survive a crash (fsync the file, rename, fsync the directory). */
final class TransferFiles {
    private TransferFiles() {
    }

    /** CRC32C of the whole file, streamed (snapshots can be gigabytes). */
    static long checksum(Path file) {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                crc.update(buffer, 0, read);
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + file, failure);
        }
        return crc.getValue();
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Renames {@code from} to {@code to} atomically and durably: afterwards {@code to} exists whole or not at all. */
    static void moveDurably(Path from, Path to) throws IOException {
        fsync(from);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(to.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
