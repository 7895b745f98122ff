/**
 * The HTTP API, compatible with rqlite's, on Pekko HTTP. It depends only on the api package's
 * {@code SqlService} and {@code NodeStatus}, so it is tested against fakes over a real binding.
 * Responses are written with Jackson's streaming generator rather than data binding, because
 * rqlite's JSON is defined by Go's encoding/json (omitempty fields, key order, float formatting,
 * 4-space indentation) and clients parse it exactly.
 */
package io.raftlite.http;
