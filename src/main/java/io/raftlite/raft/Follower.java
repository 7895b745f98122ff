package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.LogEntry;

/** Follows a leader: accepts its entries and campaigns when it goes quiet. Holds no state of its own. */
final class Follower implements Role {
    static final Follower INSTANCE = new Follower();

    private Follower() {
    }

    @Override
    public RoleKind kind() {
        return RoleKind.FOLLOWER;
    }

    @Override
    public void tick(RaftNode node) {
        node.tickElectionTimer();
    }

    /**
     * The receiver's side of AppendEntries (§5.3). The consistency check rejects when our log has
     * no entry at prevLogIndex with prevLogTerm. Otherwise an existing entry is truncated only on
     * a real conflict (same index, different term), never because the message is shorter or
     * older than our log: a stale or duplicated AppendEntries must not erase entries the leader
     * may already have counted (akka-raft issue 66).
     */
    void onAppendEntries(RaftNode node, AppendEntries request) {
        InMemoryLog log = node.log();
        long prevIndex = request.prevLogIndex();
        if (prevIndex < log.snapshotIndex()) {
            // Our snapshot covers prevIndex: those entries are committed, so they match the leader's;
            // tell it where our log really starts and let it resend from there (etcd does the same).
            node.sendAfterPersist(request.from(),
                    AppendEntriesReply.accepted(node.term(), node.id(), log.snapshotIndex(), request.readRound()));
            return;
        }
        if (prevIndex > log.lastIndex() || log.term(prevIndex) != request.prevLogTerm()) {
            long hintIndex = log.lastIndexWithTermAtMost(Math.min(prevIndex, log.lastIndex()), request.prevLogTerm());
            node.send(request.from(), AppendEntriesReply.rejected(node.term(), node.id(), prevIndex,
                    hintIndex, log.term(hintIndex), request.readRound()));
            return;
        }
        for (LogEntry entry : request.entries()) {
            if (log.contains(entry.index())) {
                if (log.term(entry.index()) == entry.term()) {
                    continue;
                }
                node.truncateLogFrom(entry.index());
            }
            node.appendToLog(entry);
        }
        long lastNewIndex = prevIndex + request.entries().size();
        // §5.3: commitIndex = min(leaderCommit, index of last new entry); never moves back.
        node.advanceCommitIndex(Math.min(request.leaderCommit(), lastNewIndex));
        node.sendAfterPersist(request.from(),
                AppendEntriesReply.accepted(node.term(), node.id(), lastNewIndex, request.readRound()));
    }
}
