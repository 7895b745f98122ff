package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.LogEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.raftlite.raft.RaftTestContext.A;
import static io.raftlite.raft.RaftTestContext.B;
import static io.raftlite.raft.RaftTestContext.C;
import static io.raftlite.raft.RaftTestContext.append;
import static io.raftlite.raft.RaftTestContext.entry;
import static io.raftlite.raft.RaftTestContext.nodeA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log replication, one rule per test (Raft §5.3, §5.4, Figure 8; etcd's stale-message cases, S-17). */
class ReplicationRulesTest {

    /** §5.3: the consistency check rejects when our log is shorter than prevLogIndex, hinting where to resume. */
    @Test
    void rejectsWhenPrevLogIndexIsBeyondOurLog() {
        RaftTestContext ctx = nodeA(2, entry(1, 1), entry(2, 2));

        ctx.deliver(append(B, 2, 5, 2, 0, entry(2, 6)));

        assertEquals(List.of(AppendEntriesReply.rejected(2, A, 5, 2, 2, 0)), ctx.sent(AppendEntriesReply.class));
        assertEquals(2, ctx.node.lastIndex());
    }

    /** §5.3: the check rejects on a term mismatch, hinting the last entry whose term is at most the leader's. */
    @Test
    void rejectsOnATermMismatchAtPrevLogIndex() {
        RaftTestContext ctx = nodeA(3, entry(1, 1), entry(2, 2), entry(2, 3), entry(2, 4));

        ctx.deliver(append(B, 3, 4, 1, 0, entry(3, 5)));

        assertEquals(List.of(AppendEntriesReply.rejected(3, A, 4, 1, 1, 0)), ctx.sent(AppendEntriesReply.class),
                "our entries 2-4 are of term 2 > 1: resume after index 1");
    }

    /** §5.3: a conflicting entry (same index, other term) and all after it are replaced. */
    @Test
    void replacesAConflictingSuffix() {
        RaftTestContext ctx = nodeA(3, entry(1, 1), entry(2, 2), entry(2, 3));

        Ready ready = ctx.deliver(append(B, 3, 1, 1, 0, entry(3, 2)));

        assertEquals(List.of(entry(1, 1), entry(3, 2)), List.of(ctx.node.entry(1).orElseThrow(), ctx.node.entry(2).orElseThrow()));
        assertEquals(2, ctx.node.lastIndex());
        assertEquals(java.util.OptionalLong.of(2), ready.truncateFrom());
        assertEquals(List.of(entry(3, 2)), ready.entriesToAppend());
    }

    /** S-17: a delayed, duplicated older AppendEntries never truncates entries that already match. */
    @Test
    void aStaleDuplicateAppendDoesNotTruncate() {
        RaftTestContext ctx = nodeA(2);
        ctx.deliver(append(B, 2, 0, 0, 0, entry(2, 1), entry(2, 2), entry(2, 3)));
        ctx.clearSent();

        Ready ready = ctx.deliver(append(B, 2, 0, 0, 0, entry(2, 1)));

        assertEquals(3, ctx.node.lastIndex(), "the shorter old message must not cut the log");
        assertTrue(ready.truncateFrom().isEmpty());
        assertEquals(List.of(AppendEntriesReply.accepted(2, A, 1, 0)), ctx.sentAfterPersist(AppendEntriesReply.class),
                "it acknowledges only what that message carried");
    }

    /** DESIGN rule 1: an append success leaves only after the entries are durable. */
    @Test
    void appendSuccessWaitsForTheEntriesToBeDurable() {
        RaftTestContext ctx = nodeA(1);

        Ready ready = ctx.deliver(append(B, 1, 0, 0, 0, entry(1, 1)));

        assertEquals(List.of(entry(1, 1)), ready.entriesToAppend());
        assertEquals(List.of(), ready.messages());
        assertEquals(1, ready.messagesAfterPersist().size());
    }

    /**
     * §5.3: follower commitIndex = min(leaderCommit, index of the last new entry). Stale entries after
     * what this message covers are not committed even if leaderCommit is larger.
     */
    @Test
    void followerCommitIsBoundedByTheLastNewEntry() {
        RaftTestContext ctx = nodeA(2, entry(1, 1), entry(1, 2), entry(1, 3), entry(1, 4));

        ctx.deliver(append(B, 2, 1, 1, 10, entry(1, 2)));
        ctx.persistAll();

        assertEquals(2, ctx.node.commitIndex(), "entries 3 and 4 may be stale: the leader vouched only up to 2");
        assertEquals(List.of(entry(1, 1), entry(1, 2)), ctx.applied);
    }

    /** Entries are applied only when committed and durable here, in order, each once. */
    @Test
    void appliesCommittedEntriesOnceDurableInOrderOnce() {
        RaftTestContext ctx = nodeA(1);
        ctx.deliver(append(B, 1, 0, 0, 2, entry(1, 1), entry(1, 2)));
        assertEquals(List.of(), ctx.applied, "not durable yet");

        ctx.persistAll();
        ctx.deliver(append(B, 1, 2, 1, 2));

        assertEquals(List.of(entry(1, 1), entry(1, 2)), ctx.applied);
    }

    /**
     * Figure 8 / §5.4.2: a leader never commits an entry of an earlier term by counting replicas.
     * Followers acknowledging only the old entry commit nothing; once one acknowledges the leader's
     * own no-op, both are committed.
     */
    @Test
    void leaderCommitsOnlyEntriesOfItsOwnTermByCounting() {
        RaftTestContext ctx = nodeA(1, entry(1, 1));
        long term = ctx.becomeLeader();
        assertEquals(2, ctx.node.lastIndex(), "the no-op is at 2");

        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, 0));
        ctx.deliver(AppendEntriesReply.accepted(term, C, 1, 0));
        assertEquals(0, ctx.node.commitIndex(), "entry 1 of term 1 is on all three, yet must not be committed by counting");

        ctx.deliver(AppendEntriesReply.accepted(term, B, 2, 0));
        assertEquals(2, ctx.node.commitIndex());
        assertEquals(List.of(entry(1, 1), ctx.node.entry(2).orElseThrow()), ctx.applied);
    }

    /** The leader counts its own copy only once it is durable. */
    @Test
    void leaderCountsItselfOnlyUpToWhatIsDurable() {
        RaftTestContext ctx = nodeA(1);
        long term = ctx.becomeLeader();
        ctx.node.propose(List.of("x".getBytes()));

        ctx.deliver(AppendEntriesReply.accepted(term, B, 2, 0));
        assertEquals(1, ctx.node.commitIndex(), "b alone has index 2: no majority with a's undurable copy");

        ctx.persistAll();
        assertEquals(2, ctx.node.commitIndex());
    }

    /** S-17: a stale success reply never lowers matchIndex; a stale rejection never moves nextIndex back. */
    @Test
    void staleRepliesDoNotUndoProgress() {
        RaftTestContext ctx = nodeA(1);
        long term = ctx.becomeLeader();
        ctx.record(ctx.node.propose(List.of("x".getBytes(), "y".getBytes())).ready());
        ctx.persistAll();
        ctx.deliver(AppendEntriesReply.accepted(term, B, 3, 0));
        assertEquals(3, ctx.node.commitIndex());

        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, 0));
        ctx.deliver(AppendEntriesReply.rejected(term, B, 0, 0, 0, 0));
        ctx.clearSent();
        ctx.record(ctx.node.propose(List.of("z".getBytes())).ready());

        List<AppendEntries> appends = ctx.sent(AppendEntries.class).stream().filter(message -> true).toList();
        AppendEntries toB = ctx.sent.stream().filter(envelope -> envelope.to().equals(B))
                .map(envelope -> (AppendEntries) envelope.message()).findFirst().orElseThrow();
        assertEquals(3, toB.prevLogIndex(), "b still matches up to 3: the new entry follows it");
        assertEquals(List.of(4L), toB.entries().stream().map(LogEntry::index).toList());
        assertFalse(appends.isEmpty());
    }

    /** Fast backtracking: one rejection skips the follower's whole conflicting term, not one entry. */
    @Test
    void rejectionSkipsAWholeConflictingTerm() {
        RaftTestContext leader = nodeA(5, entry(1, 1), entry(1, 2), entry(1, 3), entry(1, 4), entry(1, 5));
        long term = leader.becomeLeader();
        // b holds entries 2..5 of term 3, from a leader that never committed them.
        RaftTestContext b = new RaftTestContext(B, RaftTestContext.ABC, new HardState(5, java.util.Optional.empty()),
                List.of(entry(1, 1), entry(3, 2), entry(3, 3), entry(3, 4), entry(3, 5)), 2);
        b.deliver(append(A, term, 5, 1, 0, leader.node.entry(6).orElseThrow()));
        AppendEntriesReply rejection = b.sent(AppendEntriesReply.class).get(0);
        assertEquals(AppendEntriesReply.rejected(term, B, 5, 1, 1, 0), rejection, "b skips its whole term 3 at once");

        leader.deliver(rejection);

        AppendEntries retry = leader.sent.stream().filter(envelope -> envelope.to().equals(B))
                .map(envelope -> (AppendEntries) envelope.message()).reduce((first, last) -> last).orElseThrow();
        assertEquals(1, retry.prevLogIndex(), "one round trip jumps from 5 back to 1");
        assertEquals(5, retry.entries().size(), "and the retry carries entries 2..6");
    }
}
