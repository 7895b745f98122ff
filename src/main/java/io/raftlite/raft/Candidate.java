package io.raftlite.raft;

import io.raftlite.raft.message.RequestVoteReply;

/** Campaigns in its own new term (§5.2); becomes leader on a quorum of votes. */
final class Candidate implements Role {
    private final VoteTally tally;

    Candidate(VoteTally tally) {
        this.tally = tally;
    }

    @Override
    public RoleKind kind() {
        return RoleKind.CANDIDATE;
    }

    @Override
    public void tick(RaftNode node) {
        node.tickElectionTimer();
    }

    void onRequestVoteReply(RaftNode node, RequestVoteReply reply) {
        tally.record(reply.from(), reply.granted());
        if (tally.won()) {
            node.becomeLeader();
        } else if (tally.lost()) {
            node.becomeFollower(node.term(), null);
        }
    }

    VoteTally tally() {
        return tally;
    }
}
