package io.raftlite.cluster;

import com.typesafe.config.ConfigFactory;
import io.raftlite.api.ReadConsistency;
import io.raftlite.api.RequestKind;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.api.SqlResponse;
import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Forwarded requests and their outcomes cross the network as CBOR, every value and result kind intact. */
class ForwardingSerializationTest {
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create(ConfigFactory.load());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void forwardedRequestsAndOutcomesRoundTrip() {
        SqlRequest request = new SqlRequest(RequestKind.REQUEST, List.of(
                Statement.of("INSERT INTO t VALUES(?, ?, ?, ?, ?, ?)", SqlValue.of(Long.MIN_VALUE), SqlValue.of(0.5),
                        SqlValue.of("ü"), SqlValue.of(new byte[] {0, -1}), new SqlValue.Bool(true), SqlValue.NULL),
                new Statement("SELECT :a", List.of(), Map.of("a", SqlValue.of(7)))), true, ReadConsistency.LINEARIZABLE,
                Duration.ofSeconds(1), true, Duration.ofMillis(1500), false, false);
        ClusterGateway.Forward forward = new ClusterGateway.Forward(request, 30_000, kit.createTestProbe(ClusterGateway.ForwardReply.class).getRef());
        assertEquals(forward, roundTrip(forward));

        List<SqlOutcome> outcomes = List.of(
                new SqlOutcome.Answered(new SqlResponse(List.of(new StatementResult.Executed(1, 2, 0.5),
                        new StatementResult.Rows(List.of("a", "b"), List.of("integer", ""), List.of(List.of(SqlValue.of(Long.MAX_VALUE),
                                SqlValue.of(new byte[] {9}))), 0.1), new StatementResult.Failed("no such table: x", 0)), 42, 0.25)),
                new SqlOutcome.Rejected("disallowed pragma"), new SqlOutcome.OutcomeUnknown("maybe"),
                new SqlOutcome.Redirect("http://127.0.0.1:4003"), new SqlOutcome.LeaderNotFound());
        for (SqlOutcome outcome : outcomes) {
            ClusterGateway.ForwardReply reply = new ClusterGateway.ForwardReply(outcome);
            assertEquals(reply, roundTrip(reply));
        }
    }

    private static Object roundTrip(Object message) {
        return io.raftlite.testing.CborRoundTrip.roundTrip(kit.system(), message);
    }
}
