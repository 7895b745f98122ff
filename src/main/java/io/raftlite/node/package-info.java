/**
 * The node process: {@code Main}, its configuration and the launcher that builds every subsystem
 * (the only place that does). The only package that may import all the others.
 */
package io.raftlite.node;
