package io.raftlite.raft.actor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Log compaction and snapshot transfer.
 *
 * @param directory       where snapshot copies being sent or received live
 * @param threshold       applied entries past the last snapshot (and the trailing ones) that make
 *                        the node compact its log
 * @param thresholdBytes  log size (estimated) past which the node compacts, whatever the number of entries
 * @param trailingEntries entries kept in the log after a compaction, so a follower a little behind
 *                        catches up from the log rather than by a whole snapshot; they never take
 *                        more than {@link #trailingBytes()}
 * @param chunkBytes      bytes per chunk sent to a follower (below Artery's frame size)
 * @param chunkTimeout    how long a chunk may go unacknowledged before it is sent again
 * @param maxSilentRounds unacknowledged resends before the transfer is given up (and started over later)
 */
public record SnapshotSettings(Path directory, long threshold, long thresholdBytes, long trailingEntries, int chunkBytes, Duration chunkTimeout, int maxSilentRounds) {
    public static final long DEFAULT_THRESHOLD = 8192;
    public static final long DEFAULT_THRESHOLD_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_TRAILING_ENTRIES = 1024;
    public static final int DEFAULT_CHUNK_BYTES = 128 * 1024;

    public SnapshotSettings {
        if (threshold < 1 || thresholdBytes < 1 || trailingEntries < 0 || chunkBytes < 1 || maxSilentRounds < 0) {
            throw new IllegalArgumentException("bad snapshot settings: threshold " + threshold + ", chunk " + chunkBytes
                    + " bytes, " + maxSilentRounds + " silent rounds");
        }
    }

    /**
     * The most the trailing entries may take (a quarter of {@code thresholdBytes}): without it, large
     * entries kept by count alone held the log above {@code thresholdBytes} for good (1024 entries of
     * 300 KB never compacted at all) and ran the node out of heap.
     */
    public long trailingBytes() {
        return thresholdBytes / 4;
    }

    public static SnapshotSettings defaults(Path directory) {
        return new SnapshotSettings(directory, DEFAULT_THRESHOLD, DEFAULT_THRESHOLD_BYTES, DEFAULT_TRAILING_ENTRIES, DEFAULT_CHUNK_BYTES,
                Duration.ofSeconds(2), 5);
    }

    /** For nodes whose log is never compacted (tests of other things). */
    static SnapshotSettings never() {
        return new SnapshotSettings(Path.of(System.getProperty("java.io.tmpdir"), "raftlite-snapshots-" + ProcessHandle.current().pid()), Long.MAX_VALUE,
                Long.MAX_VALUE, 0, DEFAULT_CHUNK_BYTES, Duration.ofSeconds(2), 5);
    }
}
