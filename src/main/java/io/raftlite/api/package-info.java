/**
 * The request/response model shared by the HTTP API, forwarding between nodes, the SQL state
 * machine, the CLI and the benchmark, and the {@link io.raftlite.api.SqlService} interface the HTTP
 * layer calls. JDK only: records and sealed interfaces. Types that cross the network implement
 * {@link io.raftlite.api.ApiMessage}, which configuration binds to Jackson CBOR.
 */
package io.raftlite.api;
