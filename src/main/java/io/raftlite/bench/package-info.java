/**
 * The benchmark tool: drives a running cluster over HTTP with concurrent clients, measures the raw
 * SQLite baseline on the same disk in the same run, and reports every figure also as a ratio to
 * that baseline — ratios stay comparable across machines and load, absolute numbers do not.
 */
package io.raftlite.bench;
