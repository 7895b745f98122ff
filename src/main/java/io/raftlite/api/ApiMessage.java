package io.raftlite.api;

/** Marker for api types sent between nodes (a forwarded request and its answer); bound to Jackson CBOR. */
public interface ApiMessage {
}
