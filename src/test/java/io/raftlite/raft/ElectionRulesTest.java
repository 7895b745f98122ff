package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.PreVote;
import io.raftlite.raft.message.PreVoteReply;
import io.raftlite.raft.message.RequestVote;
import io.raftlite.raft.message.RequestVoteReply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.raftlite.raft.RaftTestContext.A;
import static io.raftlite.raft.RaftTestContext.B;
import static io.raftlite.raft.RaftTestContext.C;
import static io.raftlite.raft.RaftTestContext.CONFIG;
import static io.raftlite.raft.RaftTestContext.append;
import static io.raftlite.raft.RaftTestContext.entry;
import static io.raftlite.raft.RaftTestContext.nodeA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Terms, votes, elections, pre-vote and check-quorum, one rule per test (Raft §5.1, §5.2, §5.4.1, §9.6). */
class ElectionRulesTest {

    /** §5.1: a message with a higher term turns any node into a follower of that term, with no vote. */
    @Test
    void higherTermMakesAFollowerAndClearsTheVote() {
        RaftTestContext ctx = nodeA(3);
        ctx.becomeLeader();

        ctx.deliver(new RequestVoteReply(9, B, false));

        assertEquals(RoleKind.FOLLOWER, ctx.node.role());
        assertEquals(new HardState(9, Optional.empty()), ctx.node.hardState());
        assertEquals(Optional.of(new HardState(9, Optional.empty())), ctx.last.hardState(), "the new term is persisted");
    }

    /** §5.1: a stale leader's AppendEntries is rejected with our term, so it learns it is stale. */
    @Test
    void lowerTermAppendIsRejectedCarryingTheCurrentTerm() {
        RaftTestContext ctx = nodeA(5);

        ctx.deliver(append(B, 4, 0, 0, 0));

        AppendEntriesReply reply = ctx.sent(AppendEntriesReply.class).get(0);
        assertEquals(5, reply.term());
        assertTrue(!reply.success());
        assertEquals(5, ctx.node.term());
    }

    /** §5.1: replies from an older term are ignored. */
    @Test
    void lowerTermRepliesAreIgnored() {
        RaftTestContext ctx = nodeA(1);
        ctx.tick(2 * CONFIG.electionTimeoutTicks());
        ctx.deliver(new PreVoteReply(2, B, true));
        assertEquals(RoleKind.CANDIDATE, ctx.node.role());

        ctx.deliver(new RequestVoteReply(1, B, true));
        ctx.deliver(new RequestVoteReply(1, C, true));

        assertEquals(RoleKind.CANDIDATE, ctx.node.role(), "votes from term 1 must not elect in term 2");
    }

    /** §5.2: one vote per term; the same candidate asking again gets it again. */
    @Test
    void grantsOneVotePerTerm() {
        RaftTestContext ctx = nodeA(1);

        ctx.deliver(new RequestVote(2, B, 0, 0));
        ctx.deliver(new RequestVote(2, C, 0, 0));
        ctx.deliver(new RequestVote(2, B, 0, 0));

        assertEquals(List.of(new RequestVoteReply(2, A, true), new RequestVoteReply(2, A, true)),
                ctx.sentAfterPersist(RequestVoteReply.class));
        assertEquals(List.of(new RequestVoteReply(2, A, false)), ctx.sent(RequestVoteReply.class));
        assertEquals(new HardState(2, Optional.of(B)), ctx.node.hardState());
    }

    /** §5.4.1: a candidate whose last log term is older is refused, even with a longer log. */
    @Test
    void refusesACandidateWithAnOlderLastTerm() {
        RaftTestContext ctx = nodeA(3, entry(1, 1), entry(3, 2));

        ctx.deliver(new RequestVote(4, B, 5, 2));

        assertEquals(List.of(new RequestVoteReply(4, A, false)), ctx.sent(RequestVoteReply.class));
    }

    /** §5.4.1: with the same last term, a candidate with a shorter log is refused. */
    @Test
    void refusesACandidateWithTheSameLastTermButAShorterLog() {
        RaftTestContext ctx = nodeA(3, entry(1, 1), entry(3, 2), entry(3, 3));

        ctx.deliver(new RequestVote(4, B, 2, 3));
        ctx.deliver(new RequestVote(4, C, 3, 3));

        assertEquals(List.of(new RequestVoteReply(4, A, false)), ctx.sent(RequestVoteReply.class));
        assertEquals(List.of(new RequestVoteReply(4, A, true)), ctx.sentAfterPersist(RequestVoteReply.class));
    }

    /** DESIGN rule 1: a vote grant leaves only after the vote is durable, and the Ready carries that vote. */
    @Test
    void voteGrantWaitsForTheVoteToBeDurable() {
        RaftTestContext ctx = nodeA(1);

        Ready ready = ctx.deliver(new RequestVote(2, B, 0, 0));

        assertEquals(Optional.of(new HardState(2, Optional.of(B))), ready.hardState());
        assertEquals(List.of(), ready.messages());
        assertEquals(List.of(new Envelope(B, new RequestVoteReply(2, A, true))), ready.messagesAfterPersist());
    }

    /** §5.2: granting a vote postpones our own election; refusing one does not. */
    @Test
    void grantingAVoteRestartsTheElectionTimerButRefusingDoesNot() {
        RaftTestContext granting = nodeA(1);
        RaftTestContext refusing = nodeA(1, entry(1, 1));
        for (int tick = 0; tick < CONFIG.electionTimeoutTicks() - 1; tick++) {
            granting.tick(1);
            refusing.tick(1);
        }
        granting.deliver(new RequestVote(2, B, 0, 0));
        refusing.deliver(new RequestVote(2, B, 0, 0));
        granting.tick(CONFIG.electionTimeoutTicks());
        refusing.tick(CONFIG.electionTimeoutTicks());

        assertEquals(RoleKind.FOLLOWER, granting.node.role(), "a fresh vote must hold off our own campaign");
        assertEquals(RoleKind.PRE_CANDIDATE, refusing.node.role(), "a refusal must not postpone our campaign");
    }

    /** §5.2: election timeouts are random in [T, 2T): over many seeds none fires early or late, and they differ. */
    @Test
    void electionTimeoutIsRandomBetweenOneAndTwoTimeouts() {
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (long seed = 0; seed < 200; seed++) {
            RaftTestContext ctx = new RaftTestContext(A, RaftTestContext.ABC, HardState.INITIAL, List.of(), seed);
            int ticks = 0;
            while (ctx.node.role() == RoleKind.FOLLOWER) {
                ctx.tick(1);
                ticks++;
            }
            assertTrue(ticks >= CONFIG.electionTimeoutTicks() && ticks < 2 * CONFIG.electionTimeoutTicks(),
                    "seed " + seed + " campaigned after " + ticks + " ticks");
            seen.add(ticks);
        }
        assertTrue(seen.size() > CONFIG.electionTimeoutTicks() / 2, "timeouts are not spread: " + seen);
    }

    /** §9.6: on timeout a follower asks for pre-votes for term + 1 without changing its own term. */
    @Test
    void timeoutStartsAPreVoteWithoutChangingTheTerm() {
        RaftTestContext ctx = nodeA(4, entry(4, 1));

        ctx.tick(2 * CONFIG.electionTimeoutTicks());

        assertEquals(RoleKind.PRE_CANDIDATE, ctx.node.role());
        assertEquals(4, ctx.node.term());
        assertEquals(List.of(new PreVote(5, A, 1, 4), new PreVote(5, A, 1, 4)), ctx.sent(PreVote.class));
        assertEquals(List.of(), ctx.sentAfterPersist, "a pre-vote persists nothing");
    }

    /** §5.2: with a quorum of pre-votes it campaigns: new term, its own vote, RequestVote only after persisting them. */
    @Test
    void quorumOfPreVotesStartsARealElection() {
        RaftTestContext ctx = nodeA(4, entry(4, 1));
        ctx.tick(2 * CONFIG.electionTimeoutTicks());
        ctx.clearSent();

        Ready ready = ctx.deliver(new PreVoteReply(5, C, true));

        assertEquals(RoleKind.CANDIDATE, ctx.node.role());
        assertEquals(Optional.of(new HardState(5, Optional.of(A))), ready.hardState());
        assertEquals(List.of(), ctx.sent(RequestVote.class));
        assertEquals(List.of(new RequestVote(5, A, 1, 4), new RequestVote(5, A, 1, 4)), ctx.sentAfterPersist(RequestVote.class));
    }

    /** §5.2, §5.4.2: a quorum of votes makes it leader, and it appends a no-op of its term. */
    @Test
    void votesMakeALeaderThatAppendsANoop() {
        RaftTestContext ctx = nodeA(4, entry(4, 1));

        long term = ctx.becomeLeader();

        assertEquals(5, term);
        assertEquals(2, ctx.node.lastIndex());
        assertEquals(io.raftlite.raft.message.EntryType.NOOP, ctx.node.entry(2).orElseThrow().type());
        assertEquals(5, ctx.node.entry(2).orElseThrow().term());
    }

    /** §9.6: a follower that heard from its leader within the election timeout refuses pre-votes. */
    @Test
    void followerWithALiveLeaderRefusesPreVotes() {
        RaftTestContext ctx = nodeA(2);
        ctx.deliver(append(B, 2, 0, 0, 0));

        ctx.deliver(new PreVote(3, C, 5, 2));

        assertEquals(List.of(new PreVoteReply(2, A, false)), ctx.sent(PreVoteReply.class));
        assertEquals(2, ctx.node.term());
    }

    /** Check-quorum lease: a higher-term RequestVote while the leader is alive is ignored, term and all. */
    @Test
    void followerWithALiveLeaderIgnoresAHigherTermRequestVote() {
        RaftTestContext ctx = nodeA(2);
        ctx.deliver(append(B, 2, 0, 0, 0));
        ctx.clearSent();

        ctx.deliver(new RequestVote(7, C, 5, 5));

        assertEquals(2, ctx.node.term());
        assertEquals(List.of(), ctx.sent);
        assertEquals(List.of(), ctx.sentAfterPersist);
    }

    /** Check-quorum (§6.2): a leader that hears from no quorum for one election timeout steps down; one that does stays. */
    @Test
    void leaderStepsDownWithoutQuorumContactAndStaysWithIt() {
        RaftTestContext cutOff = nodeA(1);
        cutOff.becomeLeader();
        RaftTestContext connected = nodeA(1);
        connected.becomeLeader();

        for (int tick = 0; tick < CONFIG.electionTimeoutTicks(); tick++) {
            cutOff.tick(1);
            connected.tick(1);
            connected.deliver(AppendEntriesReply.accepted(connected.node.term(), B, 0, 0));
        }

        assertEquals(RoleKind.FOLLOWER, cutOff.node.role());
        assertEquals(RoleKind.LEADER, connected.node.role());
    }

    /** bootstrap-expect: an empty log takes the configuration as entry 1 of term 1; a node with a log refuses. */
    @Test
    void bootstrapWritesEntryOneOnlyIntoAnEmptyLog() {
        RaftTestContext fresh = new RaftTestContext(A, io.raftlite.raft.message.ClusterConfiguration.EMPTY, HardState.INITIAL, List.of(), 1);

        RaftNode.BootstrapResult result = fresh.node.bootstrap(RaftTestContext.ABC);

        assertTrue(result.bootstrapped());
        assertEquals(Optional.of(new HardState(1, Optional.empty())), result.ready().hardState());
        assertEquals(io.raftlite.raft.message.EntryType.CONFIGURATION, result.ready().entriesToAppend().get(0).type());
        assertEquals(RaftTestContext.ABC, fresh.node.configuration());
        RaftTestContext member = nodeA(2, entry(1, 1));
        assertTrue(!member.node.bootstrap(RaftTestContext.ABC).bootstrapped(), "a node with a log never bootstraps");
        assertEquals(1, member.node.lastIndex());
    }

    /** §3.10: the leader brings the target up to date, then tells it to campaign; proposals wait meanwhile. */
    @Test
    void leadershipTransferSendsTimeoutNowOnceTheTargetIsUpToDate() {
        RaftTestContext ctx = nodeA(1);
        long term = ctx.becomeLeader();
        ctx.deliver(AppendEntriesReply.accepted(term, C, 1, 0));

        RaftNode.TransferResult started = ctx.node.transferLeadership(Optional.of(B));
        ctx.record(started.ready());
        assertEquals(Optional.of(B), started.target());
        assertEquals(List.of(), ctx.sent(io.raftlite.raft.message.TimeoutNow.class), "b has not got the no-op yet");
        assertTrue(!ctx.node.propose(List.of("x".getBytes())).accepted(), "no new proposals while handing over");

        ctx.deliver(AppendEntriesReply.accepted(term, B, 1, 0));

        assertEquals(List.of(new io.raftlite.raft.message.TimeoutNow(term, A)), ctx.sent(io.raftlite.raft.message.TimeoutNow.class));
    }

    /** §3.10: a follower told by its leader campaigns at once, and voters grant it despite their lease. */
    @Test
    void timeoutNowStartsAnElectionThatVotersGrantDespiteTheirLease() {
        RaftTestContext target = nodeA(2);
        target.deliver(append(B, 2, 0, 0, 0));

        target.deliver(new io.raftlite.raft.message.TimeoutNow(2, B));

        assertEquals(RoleKind.CANDIDATE, target.node.role(), "no pre-vote, no waiting for the timeout");
        assertEquals(List.of(new RequestVote(3, A, 0, 0, true), new RequestVote(3, A, 0, 0, true)), target.sentAfterPersist(RequestVote.class));

        RaftTestContext voter = nodeA(2);
        voter.deliver(append(B, 2, 0, 0, 0));
        voter.deliver(new RequestVote(3, C, 0, 0, true));
        assertEquals(List.of(new RequestVoteReply(3, A, true)), voter.sentAfterPersist(RequestVoteReply.class));
    }

    /** §3.10: TimeoutNow from anyone but the current leader is ignored; transfers to self or non-voters are refused. */
    @Test
    void transferIsRefusedOrIgnoredWhenItMakesNoSense() {
        RaftTestContext follower = nodeA(2);
        follower.deliver(append(B, 2, 0, 0, 0));
        follower.deliver(new io.raftlite.raft.message.TimeoutNow(2, C));
        assertEquals(RoleKind.FOLLOWER, follower.node.role());

        RaftTestContext leader = nodeA(1);
        leader.becomeLeader();
        assertEquals("a is not another voter of this cluster", leader.node.transferLeadership(Optional.of(A)).refusal());
        assertEquals("not leader", follower.node.transferLeadership(Optional.empty()).refusal());
    }

    /** A candidate that hears from a leader of its own term steps back to follower and accepts it. */
    @Test
    void candidateAcceptsALeaderOfItsTerm() {
        RaftTestContext ctx = nodeA(1);
        ctx.tick(2 * CONFIG.electionTimeoutTicks());
        ctx.deliver(new PreVoteReply(2, B, true));

        ctx.deliver(new AppendEntries(2, C, 0, 0, List.of(), 0, 0));

        assertEquals(RoleKind.FOLLOWER, ctx.node.role());
        assertEquals(Optional.of(C), ctx.node.leader());
    }

    /** A sole voter needs no votes, so it does not wait out an election timeout: a single node is ready at once. */
    @Test
    void aSoleVoterElectsItselfOnItsFirstTick() {
        RaftTestContext ctx = new RaftTestContext(A, new ClusterConfiguration(List.of(A)), HardState.INITIAL, List.of(), 1);
        assertEquals(RoleKind.FOLLOWER, ctx.node.role(), "nothing happens before a tick");

        ctx.tick(1);

        assertEquals(RoleKind.LEADER, ctx.node.role());
        assertEquals(1, ctx.node.term());
    }

    /** Voters that need each other's votes still wait a randomised timeout (§5.2), or they would split every vote. */
    @Test
    void aVoterAmongOthersWaitsTheElectionTimeout() {
        RaftTestContext ctx = nodeA(1);

        ctx.tick(CONFIG.electionTimeoutTicks() - 1);

        assertEquals(RoleKind.FOLLOWER, ctx.node.role());
        assertEquals(List.of(), ctx.sent(PreVote.class));
    }

    /** A sole voter that follows a leader (say, one that is removing itself) waits for it to go silent first. */
    @Test
    void aSoleVoterFollowingALeaderWaitsTheElectionTimeout() {
        RaftTestContext ctx = new RaftTestContext(A, new ClusterConfiguration(List.of(A)), HardState.INITIAL, List.of(), 1);
        ctx.deliver(append(B, 1, 0, 0, 0));

        ctx.tick(CONFIG.electionTimeoutTicks() - 1);
        assertEquals(RoleKind.FOLLOWER, ctx.node.role(), "the leader's lease is respected");

        ctx.tick(CONFIG.electionTimeoutTicks() + 1);
        assertEquals(RoleKind.LEADER, ctx.node.role(), "once the leader is silent, it elects itself");
    }
}
