package io.raftlite.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds an exclusive lock on {@code raftlite.lock} in the data directory for as long as the node
 * process lives, so a second node started on the same directory (a copied config) stops at once
 * instead of writing the same Raft log and database: each node's journal must have one writer,
 * which is also why Pekko's replay filter is off. The operating system drops the lock when the
 * process dies, kill -9 included, so a restart never finds a stale one.
 */
final class DataDirectoryLock {
    static final String FILE = "raftlite.lock";

    // Kept reachable for the life of the process: a collected channel closes its descriptor, which drops the lock.
    private static FileLock held;

    private DataDirectoryLock() {
    }

    static synchronized void acquire(NodeConfig config) {
        Path file = config.dataDir().resolve(FILE);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock(); // Main takes it once per process
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new ConfigError(config.source() + ": raftlite.data-dir " + config.dataDir() + " is in use by another raftlite node"
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; give each node its own data directory");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            held = lock;
        } catch (IOException failure) {
            throw new ConfigError(config.source() + ": raftlite.data-dir " + config.dataDir() + " cannot be locked: " + failure.getMessage());
        }
    }
}
