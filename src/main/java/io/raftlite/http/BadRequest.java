package io.raftlite.http;

/** A request the API refuses with 400 and this message (rqlite's wording where it has one). */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message, null, false, false);
    }
}
