package io.raftlite.raft.message;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The servers of the cluster: voters, whose votes and acknowledgements count, and learners
 * (non-voters), which receive the log but count for nothing — a joining server starts as one until
 * it has caught up (dissertation §4.2.1). Kept sorted so that every iteration over it is
 * deterministic (the simulator replays a seed byte for byte).
 */
public record ClusterConfiguration(List<NodeId> voters, List<NodeId> learners) {
    /** The configuration of a server that has not joined any cluster yet. */
    public static final ClusterConfiguration EMPTY = new ClusterConfiguration(List.of(), List.of());

    public ClusterConfiguration {
        voters = List.copyOf(new TreeSet<>(voters));
        learners = List.copyOf(new TreeSet<>(learners));
        for (NodeId learner : learners) {
            if (voters.contains(learner)) {
                throw new IllegalArgumentException(learner + " cannot be both voter and learner");
            }
        }
    }

    public ClusterConfiguration(List<NodeId> voters) {
        this(voters, List.of());
    }

    public static ClusterConfiguration of(String... voterIds) {
        return new ClusterConfiguration(java.util.Arrays.stream(voterIds).map(NodeId::of).toList());
    }

    public boolean isVoter(NodeId id) {
        return voters.contains(id);
    }

    public boolean isLearner(NodeId id) {
        return learners.contains(id);
    }

    public boolean isMember(NodeId id) {
        return isVoter(id) || isLearner(id);
    }

    /** Voters and learners, sorted. */
    public List<NodeId> members() {
        List<NodeId> all = new ArrayList<>(new TreeSet<>(voters));
        all.addAll(learners);
        return List.copyOf(new TreeSet<>(all));
    }

    /** Votes or acknowledgements needed: a strict majority of the voters. */
    public int quorum() {
        return voters.size() / 2 + 1;
    }

    public ClusterConfiguration withLearner(NodeId id) {
        List<NodeId> newLearners = new ArrayList<>(learners);
        newLearners.add(id);
        return new ClusterConfiguration(voters.stream().filter(voter -> !voter.equals(id)).toList(), newLearners);
    }

    public ClusterConfiguration withVoter(NodeId id) {
        List<NodeId> newVoters = new ArrayList<>(voters);
        newVoters.add(id);
        return new ClusterConfiguration(newVoters, learners.stream().filter(learner -> !learner.equals(id)).toList());
    }

    public ClusterConfiguration without(NodeId id) {
        return new ClusterConfiguration(voters.stream().filter(voter -> !voter.equals(id)).toList(),
                learners.stream().filter(learner -> !learner.equals(id)).toList());
    }

    /**
     * True if {@code next} differs from this in at most one server, so any majority of the old
     * voters overlaps any majority of the new ones and no joint consensus is needed (§4.1).
     */
    public boolean isSingleServerChange(ClusterConfiguration next) {
        TreeSet<String> changed = new TreeSet<>();
        for (NodeId id : members()) {
            if (isVoter(id) != next.isVoter(id) || isLearner(id) != next.isLearner(id)) {
                changed.add(id.value());
            }
        }
        for (NodeId id : next.members()) {
            if (!isMember(id)) {
                changed.add(id.value());
            }
        }
        return changed.size() <= 1;
    }
}
