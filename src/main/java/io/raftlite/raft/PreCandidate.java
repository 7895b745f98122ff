package io.raftlite.raft;

import io.raftlite.raft.message.PreVoteReply;

/**
 * Asks whether it could win before disturbing anyone (dissertation §9.6): its term does not change
 * until a quorum says it could win.
 */
final class PreCandidate implements Role {
    private final VoteTally tally;

    PreCandidate(VoteTally tally) {
        this.tally = tally;
    }

    @Override
    public RoleKind kind() {
        return RoleKind.PRE_CANDIDATE;
    }

    @Override
    public void tick(RaftNode node) {
        node.tickElectionTimer();
    }

    void onPreVoteReply(RaftNode node, PreVoteReply reply) {
        tally.record(reply.from(), reply.granted());
        if (tally.won()) {
            node.becomeCandidate();
        } else if (tally.lost()) {
            node.becomeFollower(node.term(), null);
        }
    }

    VoteTally tally() {
        return tally;
    }
}
