package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.RequestVoteReply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static io.raftlite.raft.RaftTestContext.A;
import static io.raftlite.raft.RaftTestContext.B;
import static io.raftlite.raft.RaftTestContext.C;
import static io.raftlite.raft.RaftTestContext.CONFIG;
import static io.raftlite.raft.RaftTestContext.append;
import static io.raftlite.raft.RaftTestContext.nodeA;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Linearizable reads by ReadIndex (dissertation §6.4, DESIGN rule 6, scenario S-16). */
class ReadIndexRulesTest {

    /** A read is confirmed only by a quorum round that started after it; earlier acknowledgements do not count. */
    @Test
    void readWaitsForAQuorumRoundThatStartedAfterIt() {
        RaftTestContext ctx = nodeA(1);
        long term = ctx.becomeLeader();
        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, 0));
        assertEquals(1, ctx.node.commitIndex());

        ctx.record(ctx.node.readIndex(7));
        List<AppendEntries> heartbeats = ctx.sent(AppendEntries.class);
        assertEquals(2, heartbeats.size(), "the read starts a heartbeat round to both followers");
        long round = heartbeats.get(0).readRound();

        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, round - 1));
        assertEquals(List.of(), ctx.reads, "an acknowledgement of an older round proves nothing about now");

        ctx.deliver(AppendEntriesReply.accepted(term, C, 1, round));
        assertEquals(List.of(new ReadOutcome(7, OptionalLong.of(1))), ctx.reads);
    }

    /**
     * Reads arriving while a round is in flight share the next round: one heartbeat round per batch
     * of reads, not per read. The waiting reads still get a round that started after they arrived.
     */
    @Test
    void readsArrivingDuringARoundShareTheNextOne() {
        RaftTestContext ctx = nodeA(1);
        long term = ctx.becomeLeader();
        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, 0));
        ctx.record(ctx.node.readIndex(1));
        long first = ctx.sent(AppendEntries.class).get(0).readRound();
        int heartbeatsForFirst = ctx.sent(AppendEntries.class).size();

        ctx.record(ctx.node.readIndex(2));
        ctx.record(ctx.node.readIndex(3));
        assertEquals(heartbeatsForFirst, ctx.sent(AppendEntries.class).size(), "no new round while one is in flight");

        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, first));
        assertEquals(List.of(new ReadOutcome(1, OptionalLong.of(1))), ctx.reads,
                "the first round confirms only the read that was waiting when it started");
        List<AppendEntries> all = ctx.sent(AppendEntries.class);
        long second = all.get(all.size() - 1).readRound();
        assertEquals(first + 1, second, "its confirmation starts one round for both waiting reads");
        assertEquals(heartbeatsForFirst + 2, all.size());

        ctx.deliver(AppendEntriesReply.accepted(term, C, 1, second));
        assertEquals(List.of(new ReadOutcome(1, OptionalLong.of(1)), new ReadOutcome(2, OptionalLong.of(1)),
                new ReadOutcome(3, OptionalLong.of(1))), ctx.reads);
    }

    /** §6.4: a new leader serves no read until an entry of its own term is committed. */
    @Test
    void readOnANewLeaderWaitsForItsTermToCommit() {
        RaftTestContext ctx = nodeA(1);
        long term = ctx.becomeLeader();

        ctx.record(ctx.node.readIndex(1));
        assertEquals(List.of(), ctx.sent(AppendEntries.class), "no round before the term's first commit");

        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, 0));
        long round = ctx.sent(AppendEntries.class).get(0).readRound();
        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, round));

        assertEquals(List.of(new ReadOutcome(1, OptionalLong.of(1))), ctx.reads);
    }

    /** A leader that loses its leadership fails its pending reads: a deposed leader never answers. */
    @Test
    void steppingDownFailsPendingReads() {
        RaftTestContext ctx = nodeA(1);
        long term = ctx.becomeLeader();
        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, 0));
        ctx.record(ctx.node.readIndex(3));

        ctx.deliver(new RequestVoteReply(term + 1, C, false));

        assertEquals(List.of(ReadOutcome.failed(3)), ctx.reads);
    }

    /** A follower answers at once that it cannot serve the read. */
    @Test
    void followerFailsReadsAtOnce() {
        RaftTestContext ctx = nodeA(1);
        ctx.deliver(append(B, 1, 0, 0, 0));

        ctx.record(ctx.node.readIndex(9));

        assertEquals(List.of(ReadOutcome.failed(9)), ctx.reads);
    }

    /** A single-node cluster is its own quorum: reads are confirmed once its no-op commits. */
    @Test
    void singleNodeConfirmsReadsAfterItsNoopCommits() {
        RaftTestContext ctx = new RaftTestContext(A, new ClusterConfiguration(List.of(A)), HardState.INITIAL, List.of(), 1);
        ctx.tick(2 * CONFIG.electionTimeoutTicks());
        assertEquals(RoleKind.LEADER, ctx.node.role());

        ctx.record(ctx.node.readIndex(5));
        assertEquals(List.of(), ctx.reads, "the no-op is not durable yet, so nothing of this term is committed");

        ctx.persistAll();
        assertEquals(List.of(new ReadOutcome(5, OptionalLong.of(1))), ctx.reads);
    }
}
