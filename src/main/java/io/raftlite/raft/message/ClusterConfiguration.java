package io.raftlite.raft.message;

import java.util.List;
import java.util.TreeSet;

/**
 * The servers whose votes count. Kept sorted so that every iteration over it is deterministic
 * (the simulator replays a seed byte for byte).
 */
public record ClusterConfiguration(List<NodeId> voters) {
    public ClusterConfiguration {
        voters = List.copyOf(new TreeSet<>(voters));
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a cluster configuration needs at least one voter");
        }
    }

    public static ClusterConfiguration of(String... ids) {
        return new ClusterConfiguration(java.util.Arrays.stream(ids).map(NodeId::of).toList());
    }

    public boolean isVoter(NodeId id) {
        return voters.contains(id);
    }

    /** Votes or acknowledgements needed: a strict majority of the voters. */
    public int quorum() {
        return voters.size() / 2 + 1;
    }
}
