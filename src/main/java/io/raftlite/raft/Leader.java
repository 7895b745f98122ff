package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replicates the log, commits, confirms reads. Everything here dies with the leadership: progress
 * of followers and pending reads belong to one term only.
 */
final class Leader implements Role {
    private final Map<NodeId, Progress> followers = new TreeMap<>();
    private final ReadIndexQueue reads = new ReadIndexQueue();
    /** Index of this term's no-op: nothing is known committed in this term before it is. */
    private final long termStartIndex;
    private int heartbeatElapsed;
    /** The voter leadership is being handed to, if any; {@code transferElapsed} ticks since it began. */
    private NodeId transferTarget;
    private int transferElapsed;
    private boolean timeoutNowSent;
    /** Ticks since this node became leader: the clock for check-quorum. */
    private long ticks;

    Leader(RaftNode node, long termStartIndex) {
        this.termStartIndex = termStartIndex;
        for (NodeId peer : node.replicationPeers()) {
            followers.put(peer, new Progress(termStartIndex));
        }
    }

    @Override
    public RoleKind kind() {
        return RoleKind.LEADER;
    }

    @Override
    public void tick(RaftNode node) {
        ticks++;
        if (transferTarget != null && ++transferElapsed >= node.config().electionTimeoutTicks()) {
            transferTarget = null; // the target did not take over in time: carry on leading
        }
        if (!heardFromQuorumWithin(node, node.config().electionTimeoutTicks())) {
            // Check-quorum (§6.2): a leader cut off from a majority steps down within one election
            // timeout, so it stops serving weak reads and its clients learn to go elsewhere.
            node.becomeFollower(node.term(), null);
            return;
        }
        if (++heartbeatElapsed >= node.config().heartbeatTicks()) {
            heartbeatElapsed = 0;
            followers.forEach((peer, progress) -> heartbeat(node, peer, progress, true));
        }
    }

    /** Counting itself, has the leader heard from a quorum of voters in the last {@code windowTicks} ticks? */
    private boolean heardFromQuorumWithin(RaftNode node, int windowTicks) {
        ClusterConfiguration configuration = node.configuration();
        long heard = (configuration.isVoter(node.id()) ? 1 : 0) + followers.entrySet().stream()
                .filter(follower -> configuration.isVoter(follower.getKey()))
                .filter(follower -> ticks - follower.getValue().lastHeardTick < windowTicks).count();
        return heard >= configuration.quorum();
    }

    /** A new configuration was appended: start replicating to new members, forget removed ones. */
    void onConfigurationChanged(RaftNode node) {
        List<NodeId> members = node.replicationPeers();
        followers.keySet().retainAll(members);
        for (NodeId member : members) {
            followers.computeIfAbsent(member, added -> {
                Progress progress = new Progress(node.log().lastIndex());
                progress.lastHeardTick = ticks;
                return progress;
            });
        }
    }

    boolean committedInTerm(RaftNode node) {
        return node.commitIndex() >= termStartIndex;
    }

    /** What the leader knows a member's log matches (for deciding when a learner has caught up). */
    long matchIndex(NodeId member) {
        Progress progress = followers.get(member);
        return progress == null ? 0 : progress.matchIndex;
    }

    /** Announces the new term to every follower and starts probing their logs. */
    void start(RaftNode node) {
        followers.forEach((peer, progress) -> sendAppend(node, peer, progress, true));
        maybeCommit(node);
    }

    /** Sends new entries to every follower that has room in its window. */
    void broadcastAppend(RaftNode node) {
        followers.forEach((peer, progress) -> sendAppend(node, peer, progress, false));
    }

    void onAppendEntriesReply(RaftNode node, AppendEntriesReply reply) {
        Progress progress = followers.get(reply.from());
        if (progress == null) {
            return;
        }
        progress.lastHeardTick = ticks;
        if (reply.readRound() > progress.acknowledgedReadRound) {
            progress.acknowledgedReadRound = reply.readRound();
            confirmReads(node);
        }
        if (reply.success()) {
            if (progress.acknowledge(reply.matchIndex())) {
                maybeCommit(node);
            }
            sendTimeoutNowIfCaughtUp(node, reply.from(), progress);
            while (progress.canSend(node.config().maxInflightAppends()) && progress.nextIndex <= node.log().lastIndex()) {
                sendAppend(node, reply.from(), progress, false);
            }
        } else {
            long resumeAfter = reply.hintTerm() > 0
                    ? node.log().lastIndexWithTermAtMost(reply.hintIndex(), reply.hintTerm())
                    : reply.hintIndex();
            if (progress.rejected(reply.rejectedIndex(), resumeAfter)) {
                sendAppend(node, reply.from(), progress, true);
            }
        }
    }

    /** The host could not deliver a snapshot to {@code peer}: probe again, which asks for a new one if still needed. */
    void onSnapshotFailed(NodeId peer) {
        Progress progress = followers.get(peer);
        if (progress != null && progress.mode == Progress.Mode.SNAPSHOT) {
            progress.becomeProbe();
        }
    }

    /** The host delivered a snapshot up to {@code index} to {@code peer}: replicate from right after it. */
    void onSnapshotDelivered(NodeId peer, long index) {
        Progress progress = followers.get(peer);
        if (progress != null && progress.mode == Progress.Mode.SNAPSHOT) {
            progress.snapshotDelivered(index);
        }
    }

    boolean transferring() {
        return transferTarget != null;
    }

    void startTransfer(RaftNode node, NodeId target) {
        transferTarget = target;
        transferElapsed = 0;
        timeoutNowSent = false;
        Progress progress = followers.get(target);
        if (!sendTimeoutNowIfCaughtUp(node, target, progress)) {
            sendAppend(node, target, progress, true); // bring it up to date first
        }
    }

    /** §3.10: the target is told to campaign only once its log matches ours entirely. */
    private boolean sendTimeoutNowIfCaughtUp(RaftNode node, NodeId peer, Progress progress) {
        if (peer.equals(transferTarget) && !timeoutNowSent && progress.matchIndex == node.log().lastIndex()) {
            node.send(peer, new io.raftlite.raft.message.TimeoutNow(node.term(), node.id()));
            timeoutNowSent = true;
            return true;
        }
        return false;
    }

    /** The other voter whose log matches ours furthest (the best successor). */
    java.util.Optional<NodeId> mostUpToDateVoter(RaftNode node) {
        return followers.entrySet().stream().filter(follower -> node.configuration().isVoter(follower.getKey()))
                .max(java.util.Comparator.comparingLong(follower -> follower.getValue().matchIndex))
                .map(java.util.Map.Entry::getKey);
    }

    /** The leader's own log became durable further: it now counts itself up to there. */
    void onPersisted(RaftNode node) {
        maybeCommit(node);
        confirmReads(node);
    }

    void onReadIndex(RaftNode node, long requestId) {
        // §6.4: the leader must know the latest commit index, which it does only once an entry of
        // its own term is committed; reads arriving earlier wait for that.
        reads.add(requestId);
        if (node.commitIndex() >= termStartIndex && !reads.roundInFlight()) {
            startReadRound(node); // else it joins the round after the one in flight
        }
    }

    void failPendingReads(RaftNode node) {
        reads.drainAll().forEach(requestId -> node.readResult(ReadOutcome.failed(requestId)));
    }

    private void startReadRound(RaftNode node) {
        reads.startRound(node.commitIndex());
        followers.forEach((peer, progress) -> heartbeat(node, peer, progress, false));
        confirmReads(node);
    }

    private void confirmReads(RaftNode node) {
        long confirmedRound = quorumValue(node, reads.currentRound(), progress -> progress.acknowledgedReadRound);
        reads.confirmThrough(confirmedRound).forEach(node::readResult);
        if (reads.hasUnassigned() && !reads.roundInFlight() && node.commitIndex() >= termStartIndex) {
            startReadRound(node); // the reads that waited for the previous round
        }
    }

    /**
     * The highest value a quorum of voters has reached, counting this leader's own value only if it
     * is a voter (a leader being removed keeps replicating but no longer counts, §4.2.2).
     */
    private long quorumValue(RaftNode node, long ownValue, java.util.function.ToLongFunction<Progress> value) {
        ClusterConfiguration configuration = node.configuration();
        long[] values = new long[configuration.voters().size()];
        int i = 0;
        for (NodeId voter : configuration.voters()) {
            if (voter.equals(node.id())) {
                values[i++] = ownValue;
            } else {
                Progress progress = followers.get(voter);
                values[i++] = progress == null ? 0 : value.applyAsLong(progress);
            }
        }
        return values.length == 0 ? 0 : Quorum.committedIndex(values, configuration.quorum());
    }

    /** §5.3/§5.4.2: commit the highest index a quorum stores, but only if it is of this term (Figure 8). */
    private void maybeCommit(RaftNode node) {
        long quorumIndex = quorumValue(node, node.durableIndex(), progress -> progress.matchIndex);
        if (quorumIndex > node.commitIndex() && node.log().term(quorumIndex) == node.term()) {
            boolean firstCommitOfTerm = node.commitIndex() < termStartIndex;
            node.advanceCommitIndex(quorumIndex);
            if (firstCommitOfTerm && reads.hasUnassigned()) {
                startReadRound(node);
            }
            if (node.commitIndex() >= node.configurationIndex() && !node.configuration().isVoter(node.id())) {
                // §4.2.2: a leader that is not in the committed configuration steps down.
                node.becomeFollower(node.term(), null);
            }
        }
    }

    private void heartbeat(RaftNode node, NodeId peer, Progress progress, boolean periodic) {
        InMemoryLog log = node.log();
        boolean stalled = periodic && progress.mode == Progress.Mode.REPLICATE
                && progress.matchIndex < log.lastIndex() && !progress.progressedSinceHeartbeat;
        if (periodic) {
            progress.progressedSinceHeartbeat = false;
        }
        if (stalled) {
            // An AppendEntries or its reply was lost: start again from what is known to match.
            progress.becomeProbe();
        }
        if (progress.mode == Progress.Mode.PROBE) {
            progress.probeSent = false;
            sendAppend(node, peer, progress, true);
            return;
        }
        node.send(peer, new AppendEntries(node.term(), node.id(), progress.matchIndex,
                log.term(progress.matchIndex), List.of(), node.commitIndex(), reads.currentRound()));
    }

    private void sendAppend(RaftNode node, NodeId peer, Progress progress, boolean allowEmpty) {
        RaftConfig config = node.config();
        if (!progress.canSend(config.maxInflightAppends())) {
            return;
        }
        InMemoryLog log = node.log();
        if (progress.nextIndex <= log.snapshotIndex()) {
            // The entries it needs are compacted: only a snapshot can bring it up (§5.1 of the dissertation).
            progress.becomeSnapshot();
            node.requestSnapshot(peer);
            return;
        }
        List<LogEntry> entries = log.slice(progress.nextIndex, config.maxEntriesPerAppend(), config.maxBytesPerAppend());
        if (entries.isEmpty() && !allowEmpty) {
            return;
        }
        long prevIndex = progress.nextIndex - 1;
        node.send(peer, new AppendEntries(node.term(), node.id(), prevIndex, log.term(prevIndex), entries,
                node.commitIndex(), reads.currentRound()));
        progress.sent(entries.isEmpty() ? prevIndex : entries.get(entries.size() - 1).index(), !entries.isEmpty());
    }

    Map<NodeId, Progress> followers() {
        return followers;
    }
}
