package io.raftlite.raft;

import io.raftlite.raft.message.PreVote;
import io.raftlite.raft.message.PreVoteReply;
import io.raftlite.raft.message.RequestVote;
import io.raftlite.raft.message.RequestVoteReply;

/** The voter's side of (pre-)elections, the same for every role; terms are already reconciled. */
final class Voting {
    private Voting() {
    }

    /** §9.6: grant if the candidate could win: newer term, up-to-date log, and no live leader we know of. */
    static void onPreVote(RaftNode node, PreVote request) {
        boolean grant = request.term() > node.term()
                && !node.inLeaderLease()
                && isUpToDate(node, request.lastLogTerm(), request.lastLogIndex());
        node.send(request.from(), new PreVoteReply(grant ? request.term() : node.term(), node.id(), grant));
    }

    /**
     * §5.2, §5.4.1: one vote per term, only for a candidate whose log is at least as up to date as
     * ours. A grant leaves only after the vote is durable, or a restart could vote twice.
     */
    static void onRequestVote(RaftNode node, RequestVote request) {
        boolean canVote = node.votedFor().map(request.from()::equals)
                .orElse(node.leader().isEmpty());
        if (canVote && isUpToDate(node, request.lastLogTerm(), request.lastLogIndex())) {
            node.recordVote(request.from());
            node.sendAfterPersist(request.from(), new RequestVoteReply(node.term(), node.id(), true));
        } else {
            node.send(request.from(), new RequestVoteReply(node.term(), node.id(), false));
        }
    }

    private static boolean isUpToDate(RaftNode node, long lastLogTerm, long lastLogIndex) {
        return lastLogTerm > node.lastTerm() || lastLogTerm == node.lastTerm() && lastLogIndex >= node.lastIndex();
    }
}
