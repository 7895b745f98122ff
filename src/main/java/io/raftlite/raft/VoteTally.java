package io.raftlite.raft;

import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;

import java.util.TreeMap;

/** Votes received in one (pre-)election; one answer per voter counts. */
final class VoteTally {
    private final ClusterConfiguration configuration;
    private final TreeMap<NodeId, Boolean> answers = new TreeMap<>();

    VoteTally(ClusterConfiguration configuration) {
        this.configuration = configuration;
    }

    void record(NodeId voter, boolean granted) {
        if (configuration.isVoter(voter)) {
            answers.putIfAbsent(voter, granted);
        }
    }

    boolean won() {
        return count(true) >= configuration.quorum();
    }

    boolean lost() {
        return count(false) > configuration.voters().size() - configuration.quorum();
    }

    private long count(boolean granted) {
        return answers.values().stream().filter(answer -> answer == granted).count();
    }
}
