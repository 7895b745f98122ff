package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.PreVoteReply;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.RequestVoteReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drives one {@link RaftNode} by hand for rule tests: feed inputs, then look at what it asked to
 * send (now, or after persisting), persist, apply. Everything is deterministic.
 */
final class RaftTestContext {
    static final NodeId A = NodeId.of("a");
    static final NodeId B = NodeId.of("b");
    static final NodeId C = NodeId.of("c");
    static final ClusterConfiguration ABC = new ClusterConfiguration(List.of(A, B, C));
    static final RaftConfig CONFIG = new RaftConfig(10, 2, 64, 64 * 1024, 8);

    final RaftNode node;
    final List<Envelope> sent = new ArrayList<>();
    final List<Envelope> sentAfterPersist = new ArrayList<>();
    final List<LogEntry> applied = new ArrayList<>();
    final List<ReadOutcome> reads = new ArrayList<>();
    Ready last;

    RaftTestContext(NodeId id, ClusterConfiguration configuration, HardState hardState, List<LogEntry> log, long seed) {
        node = new RaftNode(id, configuration, CONFIG, new Random(seed), hardState, log, 0);
    }

    /** Node {@code a} of the three-node cluster a, b, c, in {@code term} with {@code log}. */
    static RaftTestContext nodeA(long term, LogEntry... log) {
        return new RaftTestContext(A, ABC, new HardState(term, java.util.Optional.empty()), List.of(log), 1);
    }

    static LogEntry entry(long term, long index) {
        return LogEntry.command(term, index, ("e" + index + "t" + term).getBytes());
    }

    Ready record(Ready ready) {
        last = ready;
        sent.addAll(ready.messages());
        sentAfterPersist.addAll(ready.messagesAfterPersist());
        applied.addAll(ready.committedEntries());
        reads.addAll(ready.reads());
        return ready;
    }

    Ready deliver(RaftMessage message) {
        return record(node.step(message));
    }

    void tick(int times) {
        for (int i = 0; i < times; i++) {
            record(node.tick());
        }
    }

    /** Reports everything appended so far as durable, as a host does once its write completes. */
    Ready persistAll() {
        return record(node.persisted(node.lastIndex(), node.lastTerm()));
    }

    void clearSent() {
        sent.clear();
        sentAfterPersist.clear();
    }

    <T extends RaftMessage> List<T> sent(Class<T> type) {
        return sent.stream().map(Envelope::message).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends RaftMessage> List<T> sentAfterPersist(Class<T> type) {
        return sentAfterPersist.stream().map(Envelope::message).filter(type::isInstance).map(type::cast).toList();
    }

    /** Makes node {@code a} leader of a term with the votes of b and c; returns that term. */
    long becomeLeader() {
        tick(2 * CONFIG.electionTimeoutTicks());
        assertEquals(RoleKind.PRE_CANDIDATE, node.role(), "not campaigning after two election timeouts");
        deliver(new PreVoteReply(node.term() + 1, B, true));
        assertEquals(RoleKind.CANDIDATE, node.role());
        persistAll();
        deliver(new RequestVoteReply(node.term(), B, true));
        assertEquals(RoleKind.LEADER, node.role());
        persistAll();
        clearSent();
        return node.term();
    }

    /** An AppendEntries from {@code leader} in {@code term}. */
    static AppendEntries append(NodeId leader, long term, long prevIndex, long prevTerm, long leaderCommit, LogEntry... entries) {
        return new AppendEntries(term, leader, prevIndex, prevTerm, List.of(entries), leaderCommit, 0);
    }
}
