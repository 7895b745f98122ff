package io.raftlite.raft.actor;

import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.EntryType;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.RequestVoteReply;
import io.raftlite.raft.storage.RaftStorage;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.raftlite.raft.actor.ActorFixture.B;
import static io.raftlite.raft.actor.ActorFixture.C;
import static io.raftlite.raft.actor.ActorFixture.SETTINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Raft actor as leader and on losing leadership: of the test plan. */
class RaftActorLeaderTest {

    private static RaftActor.Propose propose(String command, TestInbox<RaftActor.ProposeReply> replies) {
        return new RaftActor.Propose(command.getBytes(StandardCharsets.UTF_8), replies.getRef());
    }

    /** a new leader writes a no-op and sends AppendEntries; it applies only once a majority has its term's entry. */
    @Test
    void newLeaderAppendsANoopAndCommitsOnAMajority() {
        ActorFixture actor = ActorFixture.started(1);
        actor.tick(2 * SETTINGS.raftConfig().electionTimeoutTicks());
        actor.deliver(new io.raftlite.raft.message.PreVoteReply(2, B, true));
        actor.acknowledgeAllWrites();
        actor.deliver(new RequestVoteReply(2, B, true));

        RaftStorage.Write noopWrite = actor.nextWrite();
        assertEquals(EntryType.NOOP, noopWrite.batch().entries().get(0).type());
        assertEquals(2, noopWrite.batch().entries().get(0).term());
        assertTrue(actor.received(B).stream().anyMatch(AppendEntries.class::isInstance), "b gets the new term's entries");
        assertTrue(actor.received(C).stream().anyMatch(AppendEntries.class::isInstance));
        actor.acknowledge(noopWrite);
        assertTrue(!actor.applier.hasMessages(), "the leader alone is no majority");

        actor.deliver(AppendEntriesReply.accepted(2, B, 1, 0));

        assertEquals(List.of(1L), ((Applier.Apply) actor.applier.receiveMessage()).entries().stream().map(LogEntry::index).toList());
    }

    /** a proposal is answered with the state machine's result once committed and applied. */
    @Test
    void proposalIsAnsweredWithTheResultOnceApplied() {
        ActorFixture actor = ActorFixture.started(1);
        long term = actor.becomeLeader();
        actor.deliver(AppendEntriesReply.accepted(term, B, 1, 0));
        answerApplies(actor);
        TestInbox<RaftActor.ProposeReply> replies = TestInbox.create();

        actor.kit.run(propose("insert", replies));
        actor.acknowledgeAllWrites();
        actor.deliver(AppendEntriesReply.accepted(term, C, 2, 0));
        answerApplies(actor);

        assertEquals(new RaftActor.Committed(2, term, "result of 2"), replies.receiveMessage());
    }

    /** after stepping down the actor stops heartbeating and refuses proposals, naming the new leader. */
    @Test
    void formerLeaderStopsHeartbeatsAndRedirectsProposals() {
        ActorFixture actor = ActorFixture.started(1);
        long term = actor.becomeLeader();

        actor.deliver(new AppendEntries(term + 1, C, 0, 0, List.of(), 0, 0));
        actor.acknowledgeAllWrites();
        actor.received(B);
        actor.tick(5);
        TestInbox<RaftActor.ProposeReply> replies = TestInbox.create();
        actor.kit.run(propose("late", replies));

        assertEquals(RoleKind.FOLLOWER, actor.status().role());
        assertTrue(actor.received(B).stream().noneMatch(AppendEntries.class::isInstance), "no heartbeats from a follower");
        assertEquals(new RaftActor.NotLeader(C), replies.receiveMessage());
    }

    /** proposals waiting for the next write when leadership is lost were never appended: refused, not dropped. */
    @Test
    void proposalsWaitingForAWriteAreRefusedWhenLeadershipIsLost() {
        ActorFixture actor = ActorFixture.started(1);
        long term = actor.becomeLeader();
        TestInbox<RaftActor.ProposeReply> first = TestInbox.create();
        TestInbox<RaftActor.ProposeReply> waiting = TestInbox.create();
        actor.kit.run(propose("first", first));
        RaftStorage.Write inFlight = actor.nextWrite();
        actor.kit.run(propose("waiting", waiting));

        actor.deliver(new AppendEntries(term + 1, C, 0, 0, List.of(), 0, 0));

        assertEquals(new RaftActor.NotLeader(C), waiting.receiveMessage());
        assertTrue(!first.hasMessages(), "the appended proposal's outcome is not known yet");
        actor.acknowledge(inFlight);
    }

    /** A-07, DESIGN rule 8: an appended proposal whose index another term's entry takes is "outcome unknown", never failed. */
    @Test
    void appendedProposalOverwrittenByANewLeaderIsOutcomeUnknown() {
        ActorFixture actor = ActorFixture.started(1);
        long term = actor.becomeLeader();
        TestInbox<RaftActor.ProposeReply> replies = TestInbox.create();
        actor.kit.run(propose("lost", replies));
        actor.acknowledgeAllWrites();

        LogEntry replacement = LogEntry.noop(term + 1, 2);
        actor.deliver(new AppendEntries(term + 1, C, 0, 0, List.of(LogEntry.noop(term + 1, 1), replacement), 2, 0));
        actor.acknowledgeAllWrites();
        answerApplies(actor);

        assertInstanceOf(RaftActor.OutcomeUnknown.class, replies.receiveMessage());
    }

    /** a proposal that does not commit within its timeout is answered "outcome unknown". */
    @Test
    void proposalPastItsDeadlineIsOutcomeUnknown() {
        ActorFixture actor = ActorFixture.started(1);
        long term = actor.becomeLeader();
        TestInbox<RaftActor.ProposeReply> replies = TestInbox.create();
        actor.kit.run(propose("slow", replies));
        actor.acknowledgeAllWrites();

        for (int tick = 0; tick < SETTINGS.proposalTimeoutTicks(); tick++) {
            actor.tick(1);
            actor.deliver(AppendEntriesReply.accepted(term, B, 0, 0)); // alive, but never acknowledging the entry
        }

        RaftActor.OutcomeUnknown unknown = assertInstanceOf(RaftActor.OutcomeUnknown.class, replies.receiveMessage());
        assertTrue(unknown.reason().contains("may still be applied"), unknown.reason());
    }

    /** Plays the applier: answers every Apply with "result of <index>". */
    private static void answerApplies(ActorFixture actor) {
        while (actor.applier.hasMessages()) {
            Applier.Apply apply = (Applier.Apply) actor.applier.receiveMessage();
            apply.replyTo().tell(new Applier.Applied(apply.entries().stream()
                    .map(entry -> new Applier.EntryResult(entry.index(), entry.term(), "result of " + entry.index())).toList()));
            actor.drainSelf();
        }
    }

}
