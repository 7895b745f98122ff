package io.raftlite.cluster;

import io.raftlite.api.ReadConsistency;
import io.raftlite.api.Routing;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.api.SqlResponse;
import io.raftlite.api.SqlService;
import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import io.raftlite.command.CommandCodec;
import io.raftlite.command.DisallowedPragmas;
import io.raftlite.command.NonDeterministicRewriter;
import io.raftlite.command.SqlCommand;
import io.raftlite.db.actor.SqlReader;
import io.raftlite.raft.actor.RaftActor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The node's SqlService. Writes (and strong reads, and /db/request with any write) are made
 * deterministic here, on the receiving node, and go through the Raft log as one entry; reads are
 * served locally at level none, on the leader at weak, and on the leader after a ReadIndex
 * confirmation at linearizable. What only the leader may serve goes to the {@link LeaderRouter}.
 */
public final class RequestGateway implements SqlService {
    private final ActorRef<RaftActor.Command> raft;
    private final Scheduler scheduler;
    private final SqlReader reader;
    private final NonDeterministicRewriter rewriter;
    private final LeaderRouter router;

    public RequestGateway(ActorRef<RaftActor.Command> raft, Scheduler scheduler, SqlReader reader,
                          NonDeterministicRewriter rewriter, LeaderRouter router) {
        this.raft = raft;
        this.scheduler = scheduler;
        this.reader = reader;
        this.rewriter = rewriter;
        this.router = router;
    }

    @Override
    public CompletionStage<SqlOutcome> submit(SqlRequest request, Routing routing) {
        long start = System.nanoTime();
        if (request.statements().stream().anyMatch(statement -> DisallowedPragmas.isDisallowed(statement.sql()))) {
            return done(new SqlOutcome.Rejected("disallowed pragma"));
        }
        return switch (request.kind()) {
            case EXECUTE -> write(request, routing, false, start);
            case QUERY -> read(request, routing, start);
            case REQUEST -> request.level() == ReadConsistency.STRONG ? write(request, routing, true, start)
                    : reader.allReadOnly(request.statements()).thenCompose(readOnly ->
                            readOnly ? read(request, routing, start) : write(request, routing, true, start));
        };
    }

    private CompletionStage<SqlOutcome> write(SqlRequest request, Routing routing, boolean rowsFromReads, long start) {
        SqlRequest prepared;
        try {
            prepared = rewritten(request);
        } catch (IllegalArgumentException refused) {
            return done(new SqlOutcome.Rejected(refused.getMessage()));
        }
        byte[] command = CommandCodec.encode(new SqlCommand(prepared.statements(), prepared.transaction(), rowsFromReads));
        CompletionStage<RaftActor.ProposeReply> reply = Asks.ask(raft,
                replyTo -> new RaftActor.Propose(command, replyTo), routing.timeout(), scheduler);
        return reply.handle((answer, failure) -> {
            if (failure != null) {
                return done(new SqlOutcome.OutcomeUnknown("no answer from Raft within " + routing.timeout().toMillis()
                        + " ms; the write may still be applied"));
            }
            if (answer instanceof RaftActor.Committed committed) {
                return done(new SqlOutcome.Answered(new SqlResponse(results(committed.result()), committed.index(), seconds(start))));
            }
            if (answer instanceof RaftActor.OutcomeUnknown unknown) {
                return done(new SqlOutcome.OutcomeUnknown(unknown.reason()));
            }
            return router.route((RaftActor.NotLeaderReply) answer, prepared, routing);
        }).thenCompose(outcome -> outcome);
    }

    private CompletionStage<SqlOutcome> read(SqlRequest request, Routing routing, long start) {
        ReadConsistency level = request.level() == ReadConsistency.AUTO ? ReadConsistency.WEAK : request.level();
        return switch (level) {
            case NONE, AUTO -> request.freshness().isZero() ? local(request, start)
                    : status(routing).thenCompose(status -> fresh(status, request) ? local(request, start)
                            : done(new SqlOutcome.Rejected("stale read")));
            case WEAK -> status(routing).thenCompose(status -> status.isLeader() ? local(request, start)
                    : router.route(status.leader().<RaftActor.NotLeaderReply>map(RaftActor.NotLeader::new)
                    .orElseGet(RaftActor.LeaderUnknown::new), request, routing));
            case LINEARIZABLE -> Asks.<RaftActor.Command, RaftActor.ReadIndexReply>ask(raft, RaftActor.ReadIndex::new,
                    request.linearizableTimeout(), scheduler).thenCompose(reply -> reply instanceof RaftActor.ReadConfirmed
                    ? local(request, start) : router.route((RaftActor.NotLeaderReply) reply, request, routing));
            case STRONG -> write(request, routing, true, start);
        };
    }

    /**
     * freshness bounds disconnection: this node heard from a leader within it (the leader always has).
     * freshness_strict also bounds lag: this node has not been behind its commit index for longer
     * than that (measured on its own clock, so unlike rqlite's check it does not depend on clock skew).
     */
    private static boolean fresh(RaftActor.Status status, SqlRequest request) {
        boolean connected = status.sinceLeaderContact().compareTo(request.freshness()) <= 0;
        boolean caughtUp = !request.freshnessStrict() || status.behindFor().compareTo(request.freshness()) <= 0;
        return connected && caughtUp;
    }

    private CompletionStage<SqlOutcome> local(SqlRequest request, long start) {
        return reader.query(request.statements(), request.transaction())
                .thenApply(results -> new SqlOutcome.Answered(new SqlResponse(results, 0, seconds(start))));
    }

    private CompletionStage<RaftActor.Status> status(Routing routing) {
        return Asks.ask(raft, RaftActor.GetStatus::new, routing.timeout(), scheduler);
    }

    private SqlRequest rewritten(SqlRequest request) {
        List<Statement> statements = request.statements().stream()
                .map(statement -> new Statement(rewriter.rewrite(statement.sql(), request.rewriteRandom(), request.rewriteTime()),
                        statement.positional(), statement.named()))
                .toList();
        return new SqlRequest(request.kind(), statements, request.transaction(), request.level(), request.freshness(),
                request.freshnessStrict(), request.linearizableTimeout(), false, false);
    }

    @SuppressWarnings("unchecked")
    private static List<StatementResult> results(Object applied) {
        return applied instanceof List<?> list ? (List<StatementResult>) list : List.of();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static CompletionStage<SqlOutcome> done(SqlOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

}
