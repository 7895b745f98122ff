package io.raftlite.http;

import io.raftlite.api.ReadConsistency;
import io.raftlite.api.RequestKind;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlResponse;
import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /db/execute, /db/query, /db/request: what is parsed from each request form, and the exact JSON answered. */
class SqlEndpointsTest {
    private HttpFixture http;

    @BeforeEach
    void start() throws Exception {
        http = new HttpFixture();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private void answer(StatementResult... results) {
        http.nextOutcome = new SqlOutcome.Answered(new SqlResponse(List.of(results), 42, 0.25));
    }

    @Test
    void bulkParameterizedExecuteParsesPositionalAndNamedParameters() throws Exception {
        answer(new StatementResult.Executed(1, 1, 0.5), new StatementResult.Executed(2, 1, 0.5));

        HttpResponse<String> response = http.post("/db/execute",
                "[[\"INSERT INTO foo(name, age) VALUES(?, ?)\", \"fiona\", 20],"
                        + " [\"INSERT INTO foo(name, age) VALUES(:n, :a)\", {\"n\": \"declan\", \"a\": 31}], \"CREATE TABLE x(y)\"]");

        assertEquals(200, response.statusCode());
        assertEquals("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},{\"last_insert_id\":2,\"rows_affected\":1}]}", response.body());
        assertEquals(RequestKind.EXECUTE, http.lastRequest.kind());
        assertEquals(List.of(Statement.of("INSERT INTO foo(name, age) VALUES(?, ?)", SqlValue.of("fiona"), SqlValue.of(20)),
                new Statement("INSERT INTO foo(name, age) VALUES(:n, :a)", List.of(), Map.of("n", SqlValue.of("declan"), "a", SqlValue.of(31))),
                Statement.of("CREATE TABLE x(y)")), http.lastRequest.statements());
        assertEquals("v0.1.0", response.headers().firstValue("X-RQLITE-VERSION").orElseThrow());
    }

    @Test
    void parameterValuesAreTypedAsRqliteTypesThem() throws Exception {
        answer();
        http.post("/db/execute", "[[\"?\", 9223372036854775807, -9223372036854775808, 1.0, 1e400, true, null, \"x'00ff'\", \"x'zz'\", [1, 255], \"text\"]]");

        assertEquals(List.of(SqlValue.of(Long.MAX_VALUE), SqlValue.of(Long.MIN_VALUE), SqlValue.of(1.0), SqlValue.of(Double.POSITIVE_INFINITY),
                new SqlValue.Bool(true), SqlValue.NULL, SqlValue.of(new byte[] {0, -1}), SqlValue.of("x'zz'"),
                SqlValue.of(new byte[] {1, -1}), SqlValue.of("text")), http.lastRequest.statements().get(0).positional());
    }

    @Test
    void queryRendersColumnsTypesAndValuesExactly() throws Exception {
        answer(new StatementResult.Rows(List.of("id", "name", "r", "b"), List.of("integer", "text", "real", "blob"),
                List.of(List.of(SqlValue.of(Long.MAX_VALUE), SqlValue.of("fiona"), SqlValue.of(2.0), SqlValue.of(new byte[] {-34, -83, -66, -17})),
                        List.of(SqlValue.of(Long.MIN_VALUE), SqlValue.NULL, SqlValue.of(1e21), SqlValue.of(new byte[0]))), 0.1),
                new StatementResult.Rows(List.of("id"), List.of("integer"), List.of(), 0.1),
                new StatementResult.Failed("no such table: bar", 0.1));

        HttpResponse<String> response = http.get("/db/query?q=SELECT%20*%20FROM%20foo&level=LINEARIZABLE");

        assertEquals("{\"results\":[{\"columns\":[\"id\",\"name\",\"r\",\"b\"],\"types\":[\"integer\",\"text\",\"real\",\"blob\"],"
                + "\"values\":[[9223372036854775807,\"fiona\",2,\"3q2+7w==\"],[-9223372036854775808,null,1e+21,\"\"]]},"
                + "{\"columns\":[\"id\"],\"types\":[\"integer\"]},{\"error\":\"no such table: bar\"}]}", response.body());
        assertEquals(List.of(Statement.of("SELECT * FROM foo")), http.lastRequest.statements());
        assertEquals(ReadConsistency.LINEARIZABLE, http.lastRequest.level());
    }

    @Test
    void associativeTimingsBlobArrayAndRaftIndexShapeTheResponse() throws Exception {
        answer(new StatementResult.Executed(3, 1, 0.5),
                new StatementResult.Rows(List.of("n", "data"), List.of("integer", "blob"),
                        List.of(List.of(SqlValue.of(3), SqlValue.of(new byte[] {(byte) 222, (byte) 173}))), 0.000001));

        HttpResponse<String> response = http.post("/db/request?associative&timings&blob_array&raft_index", "[\"SELECT 1\"]");

        assertEquals("{\"results\":[{\"last_insert_id\":3,\"rows_affected\":1,\"rows\":null,\"time\":0.5},"
                + "{\"types\":{\"n\":\"integer\",\"data\":\"blob\"},\"rows\":[{\"n\":3,\"data\":[222,173]}],\"time\":0.000001}],"
                + "\"time\":0.25,\"raft_index\":42}", response.body());
    }

    @Test
    void prettyIndentsWithFourSpacesLikeGo() throws Exception {
        answer(new StatementResult.Rows(List.of("a"), List.of("integer"), List.of(List.of(SqlValue.of(1))), 0));

        HttpResponse<String> response = http.get("/db/query?pretty&q=SELECT%201");

        assertEquals("""
                {
                    "results": [
                        {
                            "columns": [
                                "a"
                            ],
                            "types": [
                                "integer"
                            ],
                            "values": [
                                [
                                    1
                                ]
                            ]
                        }
                    ]
                }""", response.body());
    }

    @Test
    void flagsArePresenceBasedAndParametersAreRead() throws Exception {
        answer();
        http.post("/db/execute?transaction=false&redirect=0&norwrandom&timeout=1m30s&level=strong", "[\"SELECT 1\"]");

        assertTrue(http.lastRequest.transaction(), "?transaction=false turns transactions on, as in rqlite");
        assertTrue(http.lastRouting.redirect());
        assertEquals(Duration.ofSeconds(90), http.lastRouting.timeout());
        assertTrue(!http.lastRequest.rewriteRandom() && http.lastRequest.rewriteTime());
        assertEquals(ReadConsistency.STRONG, http.lastRequest.level());
    }

    @Test
    void plainTextBodyIsOneStatement() throws Exception {
        answer();
        http.post("/db/execute", "INSERT INTO t VALUES('a;b')", "text/plain");

        assertEquals(List.of(Statement.of("INSERT INTO t VALUES('a;b')")), http.lastRequest.statements());
    }

    @Test
    void outcomesMapToRqlitesStatusCodes() throws Exception {
        http.nextOutcome = new SqlOutcome.Rejected("disallowed pragma");
        HttpResponse<String> rejected = http.post("/db/execute", "[\"PRAGMA synchronous=OFF\"]");
        assertEquals(200, rejected.statusCode());
        assertEquals("{\"results\":[],\"error\":\"disallowed pragma\"}", rejected.body());

        http.nextOutcome = new SqlOutcome.LeaderNotFound();
        HttpResponse<String> noLeader = http.post("/db/execute", "[\"SELECT 1\"]");
        assertEquals(503, noLeader.statusCode());
        assertEquals("leader not found\n", noLeader.body());

        http.nextOutcome = new SqlOutcome.Redirect("http://10.0.0.1:4001");
        HttpResponse<String> redirect = http.post("/db/execute?redirect&pretty", "[\"SELECT 1\"]");
        assertEquals(301, redirect.statusCode());
        assertEquals("http://10.0.0.1:4001/db/execute?redirect&pretty", redirect.headers().firstValue("Location").orElseThrow());

        http.nextOutcome = new SqlOutcome.OutcomeUnknown("leadership lost before commit; the write may still be applied");
        HttpResponse<String> unknown = http.post("/db/execute", "[\"SELECT 1\"]");
        assertEquals(200, unknown.statusCode());
        assertTrue(unknown.body().contains("\"error\":\"leadership lost before commit"), unknown.body());
    }
}
