package io.raftlite.raft;

/** A role's own state; which role a node plays changes only in {@link RaftNode}. */
sealed interface Role permits Follower, PreCandidate, Candidate, Leader {
    RoleKind kind();

    /** One tick of the logical clock. */
    void tick(RaftNode node);
}
