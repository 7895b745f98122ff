package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static io.raftlite.jepsen.HistoryEvent.Type.FAIL;
import static io.raftlite.jepsen.HistoryEvent.Type.INFO;
import static io.raftlite.jepsen.HistoryEvent.Type.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** raft-testing.md §3.4 applied to the answers our node gives (texts from RequestGateway, ForwardingRouter, ProposalTracker, HttpApi). */
class HarnessClassificationTest {
    private static final boolean WRITE = true;
    private static final boolean READ = false;
    private static final boolean ATOMIC = true;

    @Test
    void anAnsweredWriteIsOkWithItsRaftIndex() {
        Classifier.Classified written = Classifier.answered(WRITE, ATOMIC, 200,
                "{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}],\"raft_index\":42}");

        assertEquals(OK, written.type());
        assertEquals(42, written.raftIndex());
        assertEquals(1, written.results().get(0).get("rows_affected").asInt());
    }

    @Test
    void anAnsweredReadIsOk() {
        assertEquals(OK, Classifier.answered(READ, ATOMIC, 200,
                "{\"results\":[{\"columns\":[\"v\"],\"types\":[\"integer\"],\"values\":[[3]]}]}").type());
    }

    @Test
    void writesWhoseOutcomeTheNodeDoesNotKnowAreInfo() {
        for (String error : new String[] {
                "no answer from Raft within 3000 ms; the write may still be applied",
                "timed out waiting for index 12 to commit; it may still be applied",
                "forwarded to the leader node1 but no answer came within 30000 ms; the write may have been applied",
                "the leader failed while serving it: boom",
                "something the harness has never seen"}) {
            Classifier.Classified unknown = Classifier.answered(WRITE, ATOMIC, 200, "{\"results\":[],\"error\":\"" + error + "\"}");
            assertEquals(INFO, unknown.type(), error);
            assertEquals(error, unknown.error());
        }
    }

    @Test
    void writesTheNodeRefusedBeforeProposingThemFail() {
        for (String error : new String[] {
                "not leader: leadership moved to node2 while the request was forwarded; nothing was applied",
                "disallowed pragma",
                "RANDOMBLOB(2000000) is too large to replicate: at most 1048576 bytes"}) {
            assertEquals(FAIL, Classifier.answered(WRITE, ATOMIC, 200, "{\"results\":[],\"error\":\"" + error + "\"}").type(), error);
        }
    }

    @Test
    void aWriteWhoseIndexWasTakenByAnotherEntryFails() {
        String superseded = "leadership changed before index 7 was committed; another entry took its place, so it will not be applied";

        assertEquals(FAIL, Classifier.answered(WRITE, ATOMIC, 200, "{\"results\":[],\"error\":\"" + superseded + "\"}").type());
    }

    @Test
    void noLeaderMeansNothingWasProposed() {
        assertEquals(FAIL, Classifier.answered(WRITE, ATOMIC, 503, "leader not found\n").type());
        assertEquals(FAIL, Classifier.answered(READ, ATOMIC, 503, "leader not found\n").type());
    }

    @Test
    void otherServerErrorsLeaveAWriteUnknownAndAReadFailed() {
        assertEquals(INFO, Classifier.answered(WRITE, ATOMIC, 500, "internal error: boom\n").type());
        assertEquals(INFO, Classifier.answered(WRITE, ATOMIC, 503, "The server is currently unavailable\n").type());
        assertEquals(FAIL, Classifier.answered(READ, ATOMIC, 500, "internal error: boom\n").type());
    }

    @Test
    void requestsTheHttpLayerRefusedFail() {
        assertEquals(FAIL, Classifier.answered(WRITE, ATOMIC, 400, "invalid JSON body\n").type());
        assertEquals(FAIL, Classifier.answered(WRITE, ATOMIC, 413, "request body too large: the limit is 10 bytes\n").type());
        assertEquals(FAIL, Classifier.answered(WRITE, ATOMIC, 301, "").type());
    }

    @Test
    void aStatementErrorFailsAWriteOnlyWhenNothingOfItCanHaveApplied() {
        String failedSecond = "{\"results\":[{\"rows_affected\":1},{\"error\":\"CHECK constraint failed: balance >= 0\"}]}";

        assertEquals(FAIL, Classifier.answered(WRITE, ATOMIC, 200, failedSecond).type(), "one statement, or ?transaction");
        assertEquals(INFO, Classifier.answered(WRITE, !ATOMIC, 200, failedSecond).type(), "the first statement stood alone");
        assertEquals("CHECK constraint failed: balance >= 0", Classifier.answered(WRITE, ATOMIC, 200, failedSecond).error());
    }

    @Test
    void readErrorsFail() {
        assertEquals(FAIL, Classifier.answered(READ, ATOMIC, 200, "{\"results\":[],\"error\":\"stale read\"}").type());
        assertEquals(FAIL, Classifier.answered(READ, ATOMIC, 200,
                "{\"results\":[],\"error\":\"the leader node1 did not answer within 30000 ms\"}").type());
        assertEquals(FAIL, Classifier.answered(READ, ATOMIC, 200, "{\"results\":[{\"error\":\"no such table: reg\"}]}").type());
    }

    @Test
    void anUnreadableAnswerLeavesAWriteUnknown() {
        assertEquals(INFO, Classifier.answered(WRITE, ATOMIC, 200, "<html>").type());
        assertEquals(INFO, Classifier.answered(WRITE, ATOMIC, 200, "{}").type());
    }

    @Test
    void aRefusedConnectionFailsButATimeoutOrResetLeavesAWriteUnknown() {
        assertEquals(FAIL, Classifier.noAnswer(WRITE, new ConnectException()).type());
        assertEquals(FAIL, Classifier.noAnswer(WRITE, new IOException("wrapped", new ConnectException("Connection refused"))).type());
        assertEquals(FAIL, Classifier.noAnswer(WRITE, new HttpConnectTimeoutException("HTTP connect timed out")).type());
        assertEquals(INFO, Classifier.noAnswer(WRITE, new HttpTimeoutException("request timed out")).type());
        assertEquals(INFO, Classifier.noAnswer(WRITE, new IOException("Connection reset")).type());
        assertEquals(FAIL, Classifier.noAnswer(READ, new HttpTimeoutException("request timed out")).type());
        assertEquals("HttpTimeoutException: request timed out",
                Classifier.noAnswer(WRITE, new HttpTimeoutException("request timed out")).error());
    }
}
