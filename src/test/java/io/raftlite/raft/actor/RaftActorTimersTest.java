package io.raftlite.raft.actor;

import io.raftlite.raft.HardState;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.PreVote;
import io.raftlite.raft.message.RequestVote;
import org.apache.pekko.actor.testkit.typed.Effect;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.raftlite.raft.actor.ActorFixture.B;
import static io.raftlite.raft.actor.ActorFixture.C;
import static io.raftlite.raft.actor.ActorFixture.SETTINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A-06 (timers) and start-up of the Raft actor. */
class RaftActorTimersTest {
    private static final int T = SETTINGS.raftConfig().electionTimeoutTicks();

    /** one periodic tick timer, at the configured interval, is all the actor schedules. */
    @Test
    void schedulesExactlyOneFixedRateTick() {
        ActorFixture actor = new ActorFixture();
        actor.answerStartup(HardState.INITIAL, List.of());

        List<Effect.TimerScheduled<?>> timers = actor.kit.getAllEffects().stream()
                .filter(Effect.TimerScheduled.class::isInstance).<Effect.TimerScheduled<?>>map(effect -> (Effect.TimerScheduled<?>) effect)
                .toList();
        assertEquals(1, timers.size(), "one tick timer, no per-role timers to cancel");
        assertEquals(RaftHost.Tick.INSTANCE, timers.get(0).msg());
        assertEquals(Duration.ofMillis(100), timers.get(0).duration());
        assertEquals("FixedRateMode", timers.get(0).mode().toString(), "a fixed rate, so ticks keep time under load");
    }

    /** no election before T ticks without a leader, and one by 2T. */
    @Test
    void campaignsBetweenOneAndTwoElectionTimeouts() {
        ActorFixture actor = ActorFixture.started(1);

        actor.tick(T - 1);
        assertTrue(actor.received(B).isEmpty(), "campaigned before the minimum election timeout");
        actor.tick(T);
        assertTrue(actor.received(B).stream().anyMatch(PreVote.class::isInstance), "no pre-vote within 2T ticks");
    }

    /** a valid AppendEntries and a granted vote postpone the election; a refused vote does not. */
    @Test
    void heartbeatsAndGrantedVotesPostponeTheElectionRefusalsDoNot() {
        ActorFixture heard = ActorFixture.started(1);
        ActorFixture granting = ActorFixture.started(1);
        ActorFixture refusing = ActorFixture.started(1, io.raftlite.raft.message.LogEntry.noop(1, 1));
        heard.tick(T - 1);
        granting.tick(T - 1);
        refusing.tick(T - 1);

        heard.deliver(new AppendEntries(1, B, 0, 0, List.of(), 0, 0));
        granting.deliver(new RequestVote(2, B, 0, 0));
        granting.acknowledgeAllWrites();
        refusing.deliver(new RequestVote(2, B, 0, 0));
        heard.tick(T - 1);
        granting.tick(T - 1);
        refusing.tick(T + 1);

        assertEquals(RoleKind.FOLLOWER, heard.status().role(), "a heartbeat restarts the election timer");
        assertEquals(RoleKind.FOLLOWER, granting.status().role(), "a granted vote restarts the election timer");
        assertEquals(RoleKind.PRE_CANDIDATE, refusing.status().role(), "a refusal must not restart it");
    }

    /** requests that arrive while the durable state loads are kept and answered once the node runs. */
    @Test
    void requestsDuringStartUpAreAnsweredAfterIt() {
        ActorFixture actor = new ActorFixture();
        TestInbox<RaftActor.ProposeReply> replies = TestInbox.create();
        actor.kit.run(new RaftActor.Propose("early".getBytes(), replies.getRef()));
        assertTrue(!replies.hasMessages(), "nothing can be answered before the state is loaded");

        actor.answerStartup(new HardState(3, Optional.empty()), List.of());
        actor.deliver(new AppendEntries(3, C, 0, 0, List.of(), 0, 0));

        assertEquals(new RaftActor.LeaderUnknown(), replies.receiveMessage(),
                "at start the node is a follower that knows no leader yet: refused, not dropped");
    }
}
