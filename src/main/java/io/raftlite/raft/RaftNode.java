package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.PreVote;
import io.raftlite.raft.message.PreVoteReply;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.RequestVote;
import io.raftlite.raft.message.RequestVoteReply;
import io.raftlite.raft.message.InstallSnapshot;
import io.raftlite.raft.message.SnapshotMeta;
import io.raftlite.raft.message.TimeoutNow;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/**
 * One Raft server's protocol, single-threaded and deterministic: it takes one input (a tick, a peer
 * message, proposals, "persisted up to", a read-index request) and returns one {@link Ready} saying
 * what the host must persist, send and apply. It never touches a clock, socket, disk or thread, so
 * a test can run a whole cluster in one thread on virtual time.
 *
 * <p>Role transitions happen only here:
 * <pre>
 *   from \ to      Follower             PreCandidate        Candidate          Leader
 *   Follower       higher term/leader   election timeout    -                  -
 *   PreCandidate   higher term, lost    timeout (again)     quorum pre-votes   -
 *   Candidate      higher term, lost,   election timeout    -                  quorum votes
 *                  leader of same term
 *   Leader         higher term, no      -                   -                  -
 *                  quorum contact
 * </pre>
 */
public final class RaftNode {
    private final NodeId id;
    /** Which configuration the log defines (§4.1). */
    private final Membership membership;
    private final RaftConfig config;
    private final Random random;
    private final InMemoryLog log;

    private long currentTerm;
    /** Candidate voted for in currentTerm; null if none. */
    private NodeId votedFor;
    /** Leader of currentTerm as far as we know; null if unknown. */
    private NodeId leaderId;
    /** Invariant: commitIndex never decreases. */
    private long commitIndex;
    /** Highest index known durable on this node's disk. */
    private long durableIndex;
    /** Highest index handed to the host for applying; entries are handed out once, in order. */
    private long handedOutIndex;
    private int electionElapsed;
    private int randomizedElectionTimeout;
    private Role role = Follower.INSTANCE;
    private ReadyBuilder ready = new ReadyBuilder();

    /** A node whose log has never been compacted. */
    public RaftNode(NodeId id, ClusterConfiguration configuration, RaftConfig config, Random random,
                    HardState hardState, List<LogEntry> recoveredLog, long appliedIndex) {
        this(id, configuration, config, random, hardState, SnapshotMeta.NONE, recoveredLog, appliedIndex);
    }

    /**
     * @param snapshot     what the durable log's snapshot covers ({@link SnapshotMeta#NONE} if none)
     * @param recoveredLog the durable entries after the snapshot
     * @param appliedIndex what the state machine has already applied (it is committed, and is not
     *                     handed out again); at least the snapshot's index
     */
    public RaftNode(NodeId id, ClusterConfiguration configuration, RaftConfig config, Random random,
                    HardState hardState, SnapshotMeta snapshot, List<LogEntry> recoveredLog, long appliedIndex) {
        this.id = id;
        this.config = config;
        this.random = random;
        this.log = new InMemoryLog(snapshot, recoveredLog);
        this.currentTerm = hardState.term();
        this.votedFor = hardState.votedFor().orElse(null);
        if (appliedIndex > log.lastIndex() || appliedIndex < snapshot.index()) {
            throw new IllegalStateException("state machine applied index " + appliedIndex + " is outside the durable log ("
                    + "snapshot up to " + snapshot.index() + ", last index " + log.lastIndex() + ")");
        }
        this.commitIndex = appliedIndex;
        this.handedOutIndex = appliedIndex;
        this.durableIndex = log.lastIndex();
        this.membership = new Membership(configuration, log);
        resetElectionTimer();
    }

    // ---- inputs ----

    public Ready tick() {
        role.tick(this);
        return flush();
    }

    public Ready step(RaftMessage message) {
        if (applyTermRule(message)) {
            dispatch(message);
        }
        return flush();
    }

    /** Appends commands if leader. Accepted commands are at consecutive indexes from the returned one. */
    public ProposeResult propose(List<byte[]> commands) {
        if (!(role instanceof Leader leader) || leader.transferring()) {
            return new ProposeResult(flush(), OptionalLong.empty());
        }
        long firstIndex = log.lastIndex() + 1;
        for (byte[] command : commands) {
            appendToLog(LogEntry.command(currentTerm, log.lastIndex() + 1, command));
        }
        leader.broadcastAppend(this);
        return new ProposeResult(flush(), OptionalLong.of(firstIndex));
    }

    /**
     * Appends a new cluster configuration if leader. Refused while another change is uncommitted,
     * before this leader has committed an entry of its own term (a known single-server-change bug
     * otherwise: Ongaro, raft-dev 2015), and for a change of more than one server.
     */
    public ConfigurationChange proposeConfiguration(ClusterConfiguration next) {
        String refusal = configurationRefusal(next);
        if (!refusal.isEmpty()) {
            return new ConfigurationChange(flush(), OptionalLong.empty(), refusal);
        }
        LogEntry entry = LogEntry.configuration(currentTerm, log.lastIndex() + 1, ConfigurationCodec.encode(next));
        appendToLog(entry);
        ((Leader) role).broadcastAppend(this);
        return new ConfigurationChange(flush(), OptionalLong.of(entry.index()), "");
    }

    private String configurationRefusal(ClusterConfiguration next) {
        return membership.refusal(next, role instanceof Leader, role instanceof Leader leader && leader.committedInTerm(this),
                commitIndex);
    }

    /**
     * Creates a cluster from nothing: if this node's log is empty, {@code configuration} becomes its
     * entry 1 in term 1. Nodes bootstrapping together write the identical entry, which Log Matching
     * allows; a node with any log (already part of a cluster) ignores it and answers false.
     */
    public BootstrapResult bootstrap(ClusterConfiguration configuration) {
        if (log.lastIndex() != 0 || configuration.voters().isEmpty()) {
            return new BootstrapResult(flush(), false);
        }
        if (currentTerm < 1) {
            currentTerm = 1;
            votedFor = null;
            ready.hardState(hardState());
        }
        appendToLog(LogEntry.configuration(1, 1, ConfigurationCodec.encode(configuration)));
        return new BootstrapResult(flush(), true);
    }

    /** The outcome of {@link #bootstrap}: whether the configuration was written, and what to persist. */
    public record BootstrapResult(Ready ready, boolean bootstrapped) {
    }

    /**
     * Hands leadership to {@code target}, or to the most up-to-date other voter when empty (§3.10).
     * While it is under way (at most one election timeout) new proposals are refused.
     *
     * @return the chosen target, or "" with the reason in {@code refusal}
     */
    public TransferResult transferLeadership(Optional<NodeId> target) {
        if (!(role instanceof Leader leader)) {
            return new TransferResult(flush(), Optional.empty(), "not leader");
        }
        Optional<NodeId> chosen = target.isPresent() ? target : leader.mostUpToDateVoter(this);
        if (chosen.isEmpty()) {
            return new TransferResult(flush(), Optional.empty(), "there is no other voter to hand leadership to");
        }
        if (chosen.get().equals(id) || !configuration().isVoter(chosen.get())) {
            return new TransferResult(flush(), Optional.empty(), chosen.get() + " is not another voter of this cluster");
        }
        leader.startTransfer(this, chosen.get());
        return new TransferResult(flush(), chosen, "");
    }

    /** The outcome of {@link #transferLeadership}. */
    public record TransferResult(Ready ready, Optional<NodeId> target, String refusal) {
    }

    /** The host's durable write of everything up to the entry (index, term) completed. */
    public Ready persisted(long index, long term) {
        // The term check skips an acknowledgement for entries that were replaced meanwhile (Log
        // Matching: a different entry at that index cannot have the same term).
        if (index > durableIndex && log.term(index) == term) {
            durableIndex = index;
            if (role instanceof Leader leader) {
                leader.onPersisted(this);
            }
        }
        return flush();
    }

    /** Asks to confirm leadership for a linearizable read; the answer comes in some later Ready's reads. */
    public Ready readIndex(long requestId) {
        if (role instanceof Leader leader) {
            leader.onReadIndex(this, requestId);
        } else {
            readResult(ReadOutcome.failed(requestId));
        }
        return flush();
    }

    /**
     * The state machine is durable up to {@code index}: the log may forget the entries up to there.
     * The Ready's {@code compactTo} tells storage to do the same. Ignored past what was handed out
     * for applying, and at or below the current snapshot.
     */
    public Ready compact(long index) {
        if (index > log.snapshotIndex() && index <= handedOutIndex) {
            SnapshotMeta covering = snapshotMetaAt(index);
            log.compact(covering);
            ready.compactTo(covering);
        }
        return flush();
    }

    /** What a snapshot of the state machine at applied index {@code index} covers (index must be in the log or its snapshot). */
    public SnapshotMeta snapshotMetaAt(long index) {
        if (index < log.snapshotIndex() || index > commitIndex) {
            throw new IllegalArgumentException("no committed log position " + index + " (snapshot up to "
                    + log.snapshotIndex() + ", commit index " + commitIndex + ")");
        }
        if (index == log.snapshotIndex()) {
            return log.snapshot();
        }
        return new SnapshotMeta(index, log.term(index), Membership.at(index, log, membership.base()));
    }

    /** The snapshot the host sent to {@code peer} did not arrive: replication to it starts over (and asks again). */
    public Ready snapshotTransferFailed(NodeId peer) {
        if (role instanceof Leader leader) {
            leader.onSnapshotFailed(peer);
        }
        return flush();
    }

    /**
     * The host delivered the snapshot up to {@code index} to {@code peer} (the follower stored it):
     * replication resumes right after it, and falls back to another snapshot if it was not installed.
     */
    public Ready snapshotDelivered(NodeId peer, long index) {
        if (role instanceof Leader leader) {
            leader.onSnapshotDelivered(peer, index);
        }
        return flush();
    }

    /** Approximately how many bytes the log entries after the snapshot take (what compaction by size looks at). */
    public long logBytes() {
        return log.bytes();
    }

    /**
     * How many entries up to {@code throughIndex} a compaction keeps: at most {@code maxEntries},
     * and no more than about {@code maxBytes} of them.
     */
    public long trailingEntries(long throughIndex, long maxEntries, long maxBytes) {
        return log.trailingCount(throughIndex, maxEntries, maxBytes);
    }

    /** The index the log's snapshot covers up to (0 if it was never compacted). */
    public long snapshotIndex() {
        return log.snapshotIndex();
    }

    // ---- the term rule, once for all roles (§5.1) ----

    /** Returns false if the message must be dropped. */
    private boolean applyTermRule(RaftMessage message) {
        if (message.term() > currentTerm) {
            if (message instanceof PreVote || message instanceof PreVoteReply reply && reply.granted()) {
                return true; // a pre-vote asks about a future term; nobody adopts it
            }
            if (message instanceof RequestVote request && !request.transfer() && inLeaderLease()) {
                // We heard from a live leader within the election timeout: a node that disrupts it
                // (for instance after a partition) is ignored, term and all (§9.6 / check-quorum).
                return false;
            }
            becomeFollower(message.term(), message instanceof AppendEntries || message instanceof InstallSnapshot ? message.from() : null);
            return true;
        }
        if (message.term() < currentTerm) {
            // Tell a stale leader or pre-candidate about the newer term; drop everything else.
            if (message instanceof AppendEntries request) {
                send(request.from(), AppendEntriesReply.rejected(currentTerm, id,
                        request.prevLogIndex(), 0, 0, request.readRound()));
            } else if (message instanceof PreVote request) {
                send(request.from(), new PreVoteReply(currentTerm, id, false));
            }
            return false;
        }
        return true;
    }

    private void dispatch(RaftMessage message) {
        if (message instanceof PreVote request) {
            Voting.onPreVote(this, request);
        } else if (message instanceof RequestVote request) {
            Voting.onRequestVote(this, request);
        } else if (message instanceof AppendEntries request) {
            onAppendEntries(request);
        } else if (message instanceof InstallSnapshot request) {
            onInstallSnapshot(request);
        } else if (message instanceof AppendEntriesReply reply) {
            if (role instanceof Leader leader) {
                leader.onAppendEntriesReply(this, reply);
            }
        } else if (message instanceof PreVoteReply reply) {
            if (role instanceof PreCandidate preCandidate) {
                preCandidate.onPreVoteReply(this, reply);
            }
        } else if (message instanceof RequestVoteReply reply) {
            if (role instanceof Candidate candidate) {
                candidate.onRequestVoteReply(this, reply);
            }
        } else if (message instanceof TimeoutNow request) {
            // §3.10: only our current leader may ask, and only a voter can win.
            if (role instanceof Follower && leader().map(request.from()::equals).orElse(false)
                    && configuration().isVoter(id)) {
                becomeCandidate(true);
            }
        } else {
            throw new IllegalArgumentException("unhandled Raft message " + message);
        }
    }

    private void onAppendEntries(AppendEntries request) {
        followLeader(request.from());
        Follower.INSTANCE.onAppendEntries(this, request);
    }

    /** A message only the leader of our term sends arrived: follow it and reset the election timer. */
    private void followLeader(NodeId leader) {
        if (role instanceof Leader) {
            throw new IllegalStateException("election safety violated: " + id + " and " + leader
                    + " both lead term " + currentTerm);
        }
        if (!(role instanceof Follower)) {
            becomeFollower(currentTerm, leader);
        }
        leaderId = leader;
        electionElapsed = 0;
    }

    private void onInstallSnapshot(InstallSnapshot request) {
        followLeader(request.from());
        SnapshotMeta snapshot = request.snapshot();
        if (snapshot.index() > commitIndex) {
            // Figure 5.3: keep the entries after the snapshot if the log holds its last entry;
            // otherwise the whole log goes and the snapshot stands in for it.
            if (log.contains(snapshot.index()) && log.term(snapshot.index()) == snapshot.term()) {
                log.compact(snapshot);
            } else {
                log.reset(snapshot);
                ready.truncatedFrom(snapshot.index() + 1);
            }
            ready.compactTo(snapshot);
            ready.installed(snapshot);
            membership.onSnapshotInstalled(log);
            commitIndex = snapshot.index();
            handedOutIndex = snapshot.index(); // the host restores the state machine from the snapshot
            durableIndex = Math.max(Math.min(durableIndex, log.lastIndex()), snapshot.index());
        }
        // Already committed here (an old or repeated snapshot) or installed now: everything up to its
        // index matches the leader's log, once durable.
        sendAfterPersist(request.from(), AppendEntriesReply.accepted(currentTerm, id, snapshot.index(), 0));
    }

    // ---- transitions ----

    void becomeFollower(long term, NodeId leader) {
        boolean wasFollower = role instanceof Follower;
        leaveRole();
        if (term > currentTerm) {
            currentTerm = term;
            votedFor = null;
            ready.hardState(hardState());
        }
        role = Follower.INSTANCE;
        leaderId = leader;
        // Figure 2: only hearing from a leader or granting a vote postpones an election. A follower
        // that merely learns of a newer term (say, from a vote it refuses) keeps counting.
        if (!wasFollower || leader != null) {
            resetElectionTimer();
        }
    }

    void becomePreCandidate() {
        leaveRole();
        VoteTally tally = new VoteTally(membership.current());
        tally.record(id, true);
        role = new PreCandidate(tally);
        leaderId = null;
        resetElectionTimer();
        if (tally.won()) {
            becomeCandidate();
            return;
        }
        for (NodeId peer : votingPeers()) {
            send(peer, new PreVote(currentTerm + 1, id, log.lastIndex(), log.lastTerm()));
        }
    }

    void becomeCandidate() {
        becomeCandidate(false);
    }

    /** @param transfer the leader asked for this election (TimeoutNow): voters ignore their leader lease */
    void becomeCandidate(boolean transfer) {
        leaveRole();
        currentTerm++;
        votedFor = id;
        ready.hardState(hardState());
        VoteTally tally = new VoteTally(membership.current());
        tally.record(id, true);
        role = new Candidate(tally);
        leaderId = null;
        resetElectionTimer();
        if (tally.won()) {
            becomeLeader();
            return;
        }
        for (NodeId peer : votingPeers()) {
            // After persist: the term and our own vote must be durable before anyone can act on them.
            sendAfterPersist(peer, new RequestVote(currentTerm, id, log.lastIndex(), log.lastTerm(), transfer));
        }
    }

    void becomeLeader() {
        leaveRole();
        // §5.4.2 / §6.4: a no-op of the new term lets the leader commit (and learn) earlier entries.
        LogEntry noop = LogEntry.noop(currentTerm, log.lastIndex() + 1);
        appendToLog(noop);
        Leader leader = new Leader(this, noop.index());
        role = leader;
        leaderId = id;
        electionElapsed = 0;
        leader.start(this);
    }

    private void leaveRole() {
        if (role instanceof Leader leader) {
            leader.failPendingReads(this);
        }
    }

    // ---- services for the roles ----

    void tickElectionTimer() {
        electionElapsed++;
        boolean timedOut = electionElapsed >= randomizedElectionTimeout;
        // The timeout only spreads out candidates that need each other's votes: a sole voter that
        // hears from no leader elects itself on its first tick, so a single node is ready at once.
        List<NodeId> voters = membership.current().voters();
        boolean soleVoter = leaderId == null && voters.size() == 1 && voters.get(0).equals(id);
        if ((timedOut || soleVoter) && membership.mayCampaign(id, commitIndex)) {
            becomePreCandidate();
        }
    }

    /** We heard from a leader within the minimum election timeout (leaders are always in lease). */
    boolean inLeaderLease() {
        return leaderId != null && electionElapsed < config.electionTimeoutTicks();
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        randomizedElectionTimeout = config.electionTimeoutTicks() + random.nextInt(config.electionTimeoutTicks());
    }

    void recordVote(NodeId candidate) {
        votedFor = candidate;
        ready.hardState(hardState());
        electionElapsed = 0; // granting a vote restarts the timer; refusing one does not
    }

    void appendToLog(LogEntry entry) {
        log.append(entry);
        ready.appended(entry);
        if (membership.onAppended(entry) && role instanceof Leader leader) {
            leader.onConfigurationChanged(this);
        }
    }


    /** The leader needs entries that are compacted: the host sends {@code peer} a snapshot. */
    void requestSnapshot(NodeId peer) {
        ready.snapshotNeeded(peer);
    }

    void truncateLogFrom(long index) {
        if (index <= commitIndex) {
            throw new IllegalStateException(id + " asked to truncate committed entry " + index
                    + " (commit index " + commitIndex + ")");
        }
        log.truncateFrom(index);
        ready.truncatedFrom(index);
        durableIndex = Math.min(durableIndex, index - 1);
        membership.onTruncated(index, log);
    }

    void advanceCommitIndex(long index) {
        commitIndex = Math.max(commitIndex, Math.min(index, log.lastIndex()));
    }

    void send(NodeId to, RaftMessage message) {
        ready.send(to, message);
    }

    void sendAfterPersist(NodeId to, RaftMessage message) {
        ready.sendAfterPersist(to, message);
    }

    void readResult(ReadOutcome outcome) {
        ready.read(outcome);
    }

    /** Voters other than this node: whom to ask for (pre-)votes. */
    List<NodeId> votingPeers() {
        return membership.current().voters().stream().filter(voter -> !voter.equals(id)).toList();
    }

    /** Every member other than this node: whom a leader replicates to. */
    List<NodeId> replicationPeers() {
        return membership.current().members().stream().filter(member -> !member.equals(id)).toList();
    }

    /** The index of the configuration entry in force (the snapshot's index if it came with the snapshot; 0 for the base). */
    public long configurationIndex() {
        return membership.index();
    }

    InMemoryLog log() {
        return log;
    }

    RaftConfig config() {
        return config;
    }

    Optional<NodeId> votedFor() {
        return Optional.ofNullable(votedFor);
    }

    private Ready flush() {
        long applyThrough = Math.min(commitIndex, durableIndex);
        List<LogEntry> committed = List.of();
        if (applyThrough > handedOutIndex) {
            committed = log.between(handedOutIndex, applyThrough);
            handedOutIndex = applyThrough;
        }
        Ready result = ready.build(committed, role.kind(), currentTerm, leader());
        ready = new ReadyBuilder();
        return result;
    }

    // ---- read-only view ----

    public NodeId id() {
        return id;
    }

    public ClusterConfiguration configuration() {
        return membership.current();
    }

    public RoleKind role() {
        return role.kind();
    }

    public long term() {
        return currentTerm;
    }

    public Optional<NodeId> leader() {
        return Optional.ofNullable(leaderId);
    }

    public HardState hardState() {
        return new HardState(currentTerm, Optional.ofNullable(votedFor));
    }

    public long commitIndex() {
        return commitIndex;
    }

    public long durableIndex() {
        return durableIndex;
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    public long lastTerm() {
        return log.lastTerm();
    }

    /** On a leader: how far each other member's log is known to match; empty on other roles. */
    public java.util.Map<NodeId, Long> matchIndexes() {
        if (!(role instanceof Leader leader)) {
            return java.util.Map.of();
        }
        java.util.Map<NodeId, Long> matches = new java.util.TreeMap<>();
        leader.followers().forEach((member, progress) -> matches.put(member, progress.matchIndex));
        return java.util.Collections.unmodifiableMap(matches);
    }

    /** The term of the entry at {@code index}: also at the snapshot's own index; 0 inside the snapshot and past the end. */
    public long termAt(long index) {
        return log.term(index);
    }

    /** The entry at {@code index}, if this node's log has one. */
    public Optional<LogEntry> entry(long index) {
        return log.contains(index) ? Optional.of(log.entry(index)) : Optional.empty();
    }
}
