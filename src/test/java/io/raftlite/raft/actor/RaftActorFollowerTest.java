package io.raftlite.raft.actor;

import io.raftlite.raft.HardState;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.RequestVote;
import io.raftlite.raft.message.RequestVoteReply;
import io.raftlite.raft.storage.RaftStorage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.raftlite.raft.actor.ActorFixture.A;
import static io.raftlite.raft.actor.ActorFixture.B;
import static io.raftlite.raft.actor.ActorFixture.C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Raft actor as a voter and follower: of the test plan. */
class RaftActorFollowerTest {

    private static LogEntry entry(long term, long index) {
        return LogEntry.command(term, index, ("e" + index).getBytes());
    }

    /** one vote per term; the vote is written to storage and the grant leaves only once that write is durable. */
    @Test
    void grantsOneVotePerTermAndOnlyAfterTheVoteIsDurable() {
        ActorFixture actor = ActorFixture.started(1);

        actor.deliver(new RequestVote(2, B, 0, 0));

        RaftStorage.Write write = actor.nextWrite();
        assertEquals(Optional.of(new HardState(2, Optional.of(B))), write.batch().hardState());
        assertEquals(List.of(), actor.received(B), "the grant must wait for the vote to be durable");
        actor.acknowledge(write);
        assertEquals(List.of(new RequestVoteReply(2, A, true)), actor.received(B));

        actor.deliver(new RequestVote(2, C, 0, 0));
        assertEquals(List.of(new RequestVoteReply(2, A, false)), actor.received(C), "no second vote in term 2");
    }

    /** a candidate whose log is less up to date (last term first, then last index) is refused. */
    @Test
    void refusesLessUpToDateCandidates() {
        ActorFixture actor = ActorFixture.started(2, entry(1, 1), entry(2, 2));

        actor.deliver(new RequestVote(3, B, 9, 1));
        actor.deliver(new RequestVote(3, C, 1, 2));

        assertEquals(List.of(new RequestVoteReply(3, A, false)), actor.received(B), "older last term");
        assertEquals(List.of(new RequestVoteReply(3, A, false)), actor.received(C), "same last term, shorter log");
    }

    /** a higher term makes the actor a follower with that term and no vote; a lower-term request is answered with the current term. */
    @Test
    void higherTermMakesAFollowerAndLowerTermRequestsAreRejected() {
        ActorFixture actor = ActorFixture.started(1);
        actor.becomeLeader();

        actor.deliver(new AppendEntries(7, C, 0, 0, List.of(), 0, 0));
        assertEquals(RoleKind.FOLLOWER, actor.status().role());
        assertEquals(7, actor.status().term());
        assertEquals(Optional.of(C), actor.status().leader());
        actor.acknowledgeAllWrites();

        actor.deliver(new AppendEntries(5, B, 0, 0, List.of(), 0, 0));
        AppendEntriesReply reply = (AppendEntriesReply) actor.received(B).get(0);
        assertEquals(7, reply.term());
        assertFalse(reply.success());
    }

    /**
     * the consistency check rejects with a hint; a real conflict is truncated; success leaves
     * only after the write; committed entries reach the applier in order.
     */
    @Test
    void appendEntriesIsCheckedWrittenAcknowledgedAndApplied() {
        ActorFixture actor = ActorFixture.started(2, entry(1, 1), entry(1, 2));

        actor.deliver(new AppendEntries(3, B, 4, 3, List.of(entry(3, 5)), 0, 0));
        assertEquals(List.of(AppendEntriesReply.rejected(3, A, 4, 2, 1, 0)), actor.received(B));
        actor.acknowledgeAllWrites();

        actor.deliver(new AppendEntries(3, B, 1, 1, List.of(entry(3, 2), entry(3, 3)), 3, 0));
        RaftStorage.Write write = actor.nextWrite();
        assertEquals(java.util.OptionalLong.of(2), write.batch().truncateFrom(), "entry 2 of term 1 conflicts with 2 of term 3");
        assertEquals(List.of(entry(3, 2), entry(3, 3)), write.batch().entries());
        assertEquals(List.of(), actor.received(B), "success waits for the write");
        Applier.Apply durableAlready = (Applier.Apply) actor.applier.receiveMessage();
        assertEquals(List.of(entry(1, 1)), durableAlready.entries(), "entry 1 is committed and was durable already");
        assertFalse(actor.applier.hasMessages(), "entries 2 and 3 are committed but not durable here yet");

        actor.acknowledge(write);

        assertEquals(List.of(AppendEntriesReply.accepted(3, A, 3, 0)), actor.received(B));
        Applier.Apply apply = (Applier.Apply) actor.applier.receiveMessage();
        assertEquals(List.of(entry(3, 2), entry(3, 3)), apply.entries());
    }

    /** freshness_strict: how long apply lags the known commit index is measured, and reset once caught up. */
    @Test
    void lagBehindTheCommitIndexIsMeasuredUntilApplied() {
        ActorFixture actor = ActorFixture.started(1);
        assertEquals(java.time.Duration.ZERO, actor.status().behindFor());

        actor.deliver(new AppendEntries(1, B, 0, 0, List.of(entry(1, 1)), 1, 0));
        actor.acknowledgeAllWrites();
        Applier.Apply apply = (Applier.Apply) actor.applier.receiveMessage();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (actor.status().behindFor().isZero() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the monotonic clock only has to move on
        }
        assertFalse(actor.status().behindFor().isZero(), "committed but not applied: behind");

        apply.replyTo().tell(new Applier.Applied(List.of(new Applier.EntryResult(1, 1, "ok"))));
        actor.drainSelf();
        assertEquals(java.time.Duration.ZERO, actor.status().behindFor(), "caught up");
    }
}
