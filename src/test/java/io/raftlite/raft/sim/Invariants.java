package io.raftlite.raft.sim;

import io.raftlite.raft.ConfigurationCodec;
import io.raftlite.raft.HardState;
import io.raftlite.raft.RaftNode;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.EntryType;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.RequestVote;
import io.raftlite.raft.message.RequestVoteReply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Raft's safety properties (Figure 3 and more), checked after every simulated event against global
 * knowledge no single server has.
 */
final class Invariants {
    private record LeaderMark(long index, LogEntry entry) {
    }

    /** Election safety: at most one leader per term, ever. */
    private final Map<Long, NodeId> leaderOfTerm = new HashMap<>();
    /**
     * Every entry any server ever considered committed or applied: one entry per index, ever; with
     * the term of the server that first reported it committed (the term it was committed in).
     */
    private final Map<Long, LogEntry> committed = new HashMap<>();
    private final Map<Long, Long> committedInTerm = new HashMap<>();
    private final Map<NodeId, Long> lastCommitIndex = new HashMap<>();
    private final Map<NodeId, Long> highestTerm = new HashMap<>();
    private final Map<String, LeaderMark> leaderLogMarks = new HashMap<>();
    private final Set<String> leadersCheckedForCompleteness = new HashSet<>();
    private final List<LogEntry> acknowledged = new ArrayList<>();
    private long events;

    void afterEvent(Simulation sim) {
        events++;
        for (SimServer server : sim.servers()) {
            if (server.isUp()) {
                checkServer(server.id, server.node());
            }
        }
        if (events % 16 == 0) {
            checkLogMatching(sim);
        }
    }

    private void checkServer(NodeId id, RaftNode node) {
        long previousTerm = highestTerm.getOrDefault(id, 0L);
        if (node.term() < previousTerm) {
            throw new InvariantViolation(id + " term went back from " + previousTerm + " to " + node.term());
        }
        highestTerm.put(id, node.term());

        long previousCommit = lastCommitIndex.getOrDefault(id, 0L);
        if (node.commitIndex() < previousCommit) {
            throw new InvariantViolation(id + " commit index went back from " + previousCommit + " to " + node.commitIndex());
        }
        // Entries an installed snapshot covers are not in the log; the restored state machine is checked at the end.
        for (long index = Math.max(previousCommit, node.snapshotIndex()) + 1; index <= node.commitIndex(); index++) {
            recordCommitted(id + " commit", node.entry(index).orElseThrow(), node.term());
        }
        lastCommitIndex.put(id, node.commitIndex());

        if (node.role() == RoleKind.LEADER) {
            checkLeader(id, node);
        }
    }

    private void checkLeader(NodeId id, RaftNode node) {
        NodeId known = leaderOfTerm.putIfAbsent(node.term(), id);
        if (known != null && !known.equals(id)) {
            throw new InvariantViolation("election safety: " + known + " and " + id + " both led term " + node.term());
        }
        String key = id + "@" + node.term();
        if (leadersCheckedForCompleteness.add(key)) {
            // Leader completeness (§5.4): a leader holds every entry committed in an earlier term. A
            // leader of an older term (a vote reply delayed while others moved on) owes nothing to
            // entries committed in later terms: it will step down on hearing of them.
            committed.forEach((index, entry) -> {
                if (committedInTerm.get(index) < node.term() && index > node.snapshotIndex() && !node.entry(index).map(entry::equals).orElse(false)) {
                    throw new InvariantViolation("leader completeness: " + id + " leads term " + node.term()
                            + " without committed " + entry + ", has " + node.entry(index));
                }
            });
        }
        LeaderMark mark = leaderLogMarks.get(key);
        if (mark != null && mark.index() > node.snapshotIndex() && !node.entry(mark.index()).map(mark.entry()::equals).orElse(false)) {
            throw new InvariantViolation("leader append-only: " + id + " lost " + mark.entry() + " in term " + node.term());
        }
        long last = node.lastIndex();
        node.entry(last).ifPresent(entry -> leaderLogMarks.put(key, new LeaderMark(last, entry)));
    }

    private void recordCommitted(String who, LogEntry entry, long term) {
        committedInTerm.putIfAbsent(entry.index(), term);
        LogEntry earlier = committed.putIfAbsent(entry.index(), entry);
        if (earlier != null && !earlier.equals(entry)) {
            throw new InvariantViolation("state machine safety: " + who + " has " + entry + " at index "
                    + entry.index() + " where " + earlier + " was committed");
        }
    }

    /**
     * A server restarted: its volatile commit index starts again from what it applied, and its term
     * from the durable one (a term adopted but not yet written was never acted on; SimDisk checks
     * that the durable term never goes back).
     */
    void onRestart(NodeId id, long appliedIndex, long durableTerm) {
        lastCommitIndex.put(id, appliedIndex);
        highestTerm.put(id, durableTerm);
    }

    /** @param term the applying server's current term: the entry was committed in it or before */
    void onApplied(NodeId id, LogEntry entry, long term) {
        recordCommitted(id + " apply", entry, term);
    }

    void onAcknowledged(LogEntry entry) {
        acknowledged.add(entry);
    }

    /** The highest index any server has ever considered committed. */
    long highestCommitted() {
        return committed.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * ReadIndex safety (S-16, DESIGN rule 6): a confirmed read index is at least everything that was
     * committed anywhere when the read arrived, or the read could miss an acknowledged write.
     */
    void onReadConfirmed(NodeId server, long readIndex, long committedWhenAsked) {
        if (readIndex < committedWhenAsked) {
            throw new InvariantViolation("linearizable read on " + server + " confirmed at index " + readIndex
                    + " but index " + committedWhenAsked + " was already committed when the read arrived (stale read)");
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /**
     * Durability before acknowledgement (DESIGN rule 1): a vote grant, a candidate's vote request
     * and an append success may leave only when the state they vouch for is on disk.
     */
    void beforeSend(SimServer sender, NodeId to, RaftMessage message) {
        HardState durable = sender.disk.hardState();
        if (message instanceof RequestVoteReply reply && reply.granted()) {
            requireDurable(sender, message, durable.term() == reply.term() && durable.votedFor().equals(Optional.of(to)));
        } else if (message instanceof RequestVote request) {
            requireDurable(sender, message, durable.term() == request.term() && durable.votedFor().equals(Optional.of(sender.id)));
        } else if (message instanceof AppendEntriesReply reply && reply.success()) {
            long match = reply.matchIndex();
            // Below the server's snapshot the entries are committed and in its durable state machine.
            boolean matches = match < sender.node().snapshotIndex() || sender.disk.termAt(match) == sender.node().termAt(match);
            requireDurable(sender, message, durable.term() >= reply.term() && sender.disk.lastIndex() >= match && matches);
        }
    }

    private static void requireDurable(SimServer sender, RaftMessage message, boolean durable) {
        if (!durable) {
            throw new InvariantViolation(sender.id + " sent " + message + " before the state it vouches for was durable");
        }
    }

    /** Log matching: same index and term means the same entry and the same prefix. */
    void checkLogMatching(Simulation sim) {
        Map<String, Integer> prefixHashes = new HashMap<>();
        // Prefixes are compared from the newest snapshot on: everything before it is committed and
        // checked entry by entry (state machine safety).
        long start = sim.servers().stream().filter(SimServer::isUp).mapToLong(server -> server.node().snapshotIndex()).max().orElse(0);
        for (SimServer server : sim.servers()) {
            if (!server.isUp()) {
                continue;
            }
            RaftNode node = server.node();
            int hash = 0;
            ClusterConfiguration previousConfiguration = null;
            for (long index = start + 1; index <= node.lastIndex(); index++) {
                LogEntry entry = node.entry(index).orElseThrow();
                if (entry.type() == EntryType.CONFIGURATION) {
                    ClusterConfiguration next = ConfigurationCodec.decode(entry.data());
                    if (previousConfiguration != null && !previousConfiguration.isSingleServerChange(next)) {
                        throw new InvariantViolation("membership: " + server.id + "'s log changes more than one server at index "
                                + index + ": " + previousConfiguration + " -> " + next);
                    }
                    previousConfiguration = next;
                }
                hash = 31 * hash + entry.hashCode();
                Integer other = prefixHashes.putIfAbsent(index + "@" + entry.term(), hash);
                if (other != null && other != hash) {
                    throw new InvariantViolation("log matching: logs agree on term " + entry.term() + " at index "
                            + index + " but differ before it (" + server.id + ")");
                }
            }
        }
    }

    /** After the final healing: nothing acknowledged is lost and every state machine holds the same entries. */
    void checkFinal(Simulation sim, List<NodeId> members) {
        checkLogMatching(sim);
        List<LogEntry> reference = null;
        for (NodeId member : members) {
            SimServer server = sim.server(member);
            List<LogEntry> applied = server.disk.applied();
            for (LogEntry entry : acknowledged) {
                if (applied.size() < entry.index() || !applied.get((int) entry.index() - 1).equals(entry)) {
                    throw new InvariantViolation("acknowledged " + entry + " missing from " + server.id
                            + "'s state machine (" + applied.size() + " applied)");
                }
            }
            if (reference == null) {
                reference = applied;
            } else if (!reference.equals(applied)) {
                throw new InvariantViolation("state machines differ after healing: " + server.id + " applied "
                        + applied.size() + " entries, another server " + reference.size());
            }
        }
    }
}
