package io.raftlite.raft.message;

/**
 * What a snapshot covers: every entry up to {@code index} (whose term is {@code term}), and the
 * cluster configuration in force at that index. {@link #NONE} is the empty prefix of a new log.
 */
public record SnapshotMeta(long index, long term, ClusterConfiguration configuration) implements CborSerializable {
    public static final SnapshotMeta NONE = new SnapshotMeta(0, 0, ClusterConfiguration.EMPTY);

    public SnapshotMeta {
        if (index < 0 || term < 0 || (index == 0) != (term == 0)) {
            throw new IllegalArgumentException("bad snapshot position: index " + index + ", term " + term);
        }
    }
}
