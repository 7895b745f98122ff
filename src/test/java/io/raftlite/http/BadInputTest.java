package io.raftlite.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets rqlite's status and a clear message, and never reaches the SQL service. */
class BadInputTest {
    private HttpFixture http;

    @BeforeEach
    void start() throws Exception {
        http = new HttpFixture();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private void assertRefused(HttpResponse<String> response, int status, String body) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(body, response.body());
        assertEquals(null, http.lastRequest, "nothing may reach the SQL service");
        assertTrue(response.headers().firstValue("X-RQLITE-VERSION").isPresent(), "version header on every response");
    }

    @Test
    void invalidBodies() throws Exception {
        assertRefused(http.post("/db/execute", "[\"SELECT 1\""), 400, "invalid JSON body\n");
        // One past Jackson's longest string, in a body a raised max-body-size would let through (this
        // fixture's limit is lower, so the parser is asked directly): a clear limit, not "invalid".
        String longString = "x".repeat(20_000_001);
        BadRequest refused = org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class,
                () -> StatementsParser.json("[[\"INSERT INTO t(v) VALUES(?)\", \"" + longString + "\"]]"));
        assertEquals("JSON body exceeds a parser limit: String value length (20000001) exceeds the maximum allowed "
                + "(20000000, from `StreamReadConstraints.getMaxStringLength()`)", refused.getMessage());
        assertRefused(http.post("/db/execute", "{\"sql\": 1}"), 400, "invalid request\n");
        assertRefused(http.post("/db/execute", "[1]"), 400, "invalid request\n");
        assertRefused(http.post("/db/execute", "[[]]"), 400, "invalid request\n");
        assertRefused(http.post("/db/execute", "[]"), 400, "no statements\n");
        assertRefused(http.post("/db/execute", "[[\"SELECT ?\", {\"a\": {\"b\": 1}}]]"), 400, "unsupported type: object parameter\n");
        assertRefused(http.post("/db/execute", "[[\"SELECT ?\", [1, 256]]]"), 400,
                "unsupported type: an array parameter must hold byte values 0-255\n");
    }

    @Test
    void invalidParameters() throws Exception {
        assertRefused(http.get("/db/query?q="), 400, "query parameter not set\n");
        assertRefused(http.get("/db/query?q=SELECT%201&timeout=soon"), 400, "timeout is not a valid duration\n");
        assertRefused(http.get("/db/query?q=SELECT%201&freshness_strict"), 400, "freshness_strict requires freshness\n");
        assertRefused(http.get("/db/query?q=SELECT%201&retries=many"), 400, "retries is not a valid integer\n");
    }

    @Test
    void unknownPathsWrongMethodsAndLargeBodies() throws Exception {
        assertRefused(http.get("/nope"), 404, "");
        assertRefused(http.get("/db/execute"), 405, "");
        assertRefused(http.send(HttpRequest.newBuilder(http.uri("/db/query")).DELETE().build()), 405, "");
        assertRefused(http.post("/db/execute", "[\"" + "x".repeat((int) HttpFixture.MAX_BODY) + "\"]"), 413,
                "request body too large: the limit is " + HttpFixture.MAX_BODY + " bytes\n");
    }

    @Test
    void getWithoutAQueryAnswersNoResults() throws Exception {
        HttpResponse<String> response = http.get("/db/query");
        assertEquals(200, response.statusCode());
        assertEquals("{\"results\":[]}", response.body());
    }
}
