package io.raftlite.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomeTest {

    @Test
    void onlyA200WithoutAnErrorCounts() {
        assertTrue(Outcome.succeeded(200, "{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}"));
        assertFalse(Outcome.succeeded(200, "{\"results\":[{\"error\":\"no such table: bench\"}]}"), "statement error with 200");
        assertFalse(Outcome.succeeded(200, "{\"error\":\"leader not found\"}"), "request error with 200");
        assertFalse(Outcome.succeeded(503, "{\"results\":[]}"));
        assertFalse(Outcome.succeeded(500, ""));
    }
}
