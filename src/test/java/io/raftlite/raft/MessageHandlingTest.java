package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.InstallSnapshot;
import io.raftlite.raft.message.SnapshotMeta;
import io.raftlite.raft.message.PreVote;
import io.raftlite.raft.message.PreVoteReply;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.RequestVote;
import io.raftlite.raft.message.RequestVoteReply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.raftlite.raft.RaftTestContext.B;
import static io.raftlite.raft.RaftTestContext.CONFIG;
import static io.raftlite.raft.RaftTestContext.nodeA;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java 17 cannot switch over a sealed interface, so RaftNode dispatches with an instanceof chain;
 * this proves every permitted message type is handled in every role, at lower, equal and higher terms.
 */
class MessageHandlingTest {
    private static final Map<Class<?>, java.util.function.LongFunction<RaftMessage>> EXAMPLES = Map.of(
            PreVote.class, term -> new PreVote(term, B, 0, 0),
            PreVoteReply.class, term -> new PreVoteReply(term, B, true),
            RequestVote.class, term -> new RequestVote(term, B, 0, 0),
            RequestVoteReply.class, term -> new RequestVoteReply(term, B, true),
            AppendEntries.class, term -> new AppendEntries(term, B, 0, 0, List.of(), 0, 0),
            AppendEntriesReply.class, term -> AppendEntriesReply.accepted(term, B, 0, 0),
            io.raftlite.raft.message.TimeoutNow.class, term -> new io.raftlite.raft.message.TimeoutNow(term, B),
            InstallSnapshot.class, term -> new InstallSnapshot(term, B,
                    term == 0 ? SnapshotMeta.NONE : new SnapshotMeta(5, term, RaftTestContext.ABC)));

    @Test
    void everyMessageTypeHasAnExample() {
        assertEquals(List.of(RaftMessage.class.getPermittedSubclasses()).size(), EXAMPLES.size());
        for (Class<?> type : RaftMessage.class.getPermittedSubclasses()) {
            assertEquals(true, EXAMPLES.containsKey(type), "no example of " + type.getSimpleName());
        }
    }

    @Test
    void everyRoleHandlesEveryMessageAtEveryTerm() {
        Map<RoleKind, Supplier<RaftTestContext>> roles = Map.of(
                RoleKind.FOLLOWER, () -> nodeA(3),
                RoleKind.PRE_CANDIDATE, () -> campaigning(false),
                RoleKind.CANDIDATE, () -> campaigning(true),
                RoleKind.LEADER, () -> {
                    RaftTestContext ctx = nodeA(3);
                    ctx.becomeLeader();
                    return ctx;
                });
        roles.forEach((role, fresh) -> {
            for (Class<?> type : RaftMessage.class.getPermittedSubclasses()) {
                for (long delta = -1; delta <= 1; delta++) {
                    RaftTestContext ctx = fresh.get();
                    assertEquals(role, ctx.node.role());
                    RaftMessage message = EXAMPLES.get(type).apply(ctx.node.term() + delta);
                    if (role == RoleKind.LEADER && delta == 0 && (message instanceof AppendEntries || message instanceof InstallSnapshot)) {
                        continue; // two leaders in one term cannot happen; RaftNode rightly refuses it
                    }
                    assertDoesNotThrow(() -> ctx.deliver(message), role + " handling " + message);
                }
            }
        });
    }

    private static RaftTestContext campaigning(boolean withPreVote) {
        RaftTestContext ctx = nodeA(3);
        ctx.tick(2 * CONFIG.electionTimeoutTicks());
        if (withPreVote) {
            ctx.deliver(new PreVoteReply(4, B, true));
        }
        return ctx;
    }
}
