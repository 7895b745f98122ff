package io.raftlite.raft;

import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.EntryType;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;

/**
 * The cluster configuration as this node's log defines it (dissertation §4.1): the latest
 * configuration entry, committed or not, takes effect as soon as it is in the log; before any, the
 * base configuration (empty for a node that waits to be added).
 */
final class Membership {
    private final ClusterConfiguration base;
    private ClusterConfiguration current;
    /** Index of the entry {@code current} came from; 0 for the base configuration. */
    private long index;
    /** The configuration before {@code current}: still in force for campaigning until {@code current} commits. */
    private ClusterConfiguration previous;

    Membership(ClusterConfiguration base, InMemoryLog log) {
        this.base = base;
        reload(log);
    }

    ClusterConfiguration current() {
        return current;
    }

    long index() {
        return index;
    }

    /** A new entry is in the log; returns true if it changed the configuration. */
    boolean onAppended(LogEntry entry) {
        if (entry.type() != EntryType.CONFIGURATION) {
            return false;
        }
        previous = current;
        current = ConfigurationCodec.decode(entry.data());
        index = entry.index();
        return true;
    }

    /** The log lost everything from {@code fromIndex}: an uncommitted configuration may have gone with it. */
    void onTruncated(long fromIndex, InMemoryLog log) {
        if (index >= fromIndex) {
            reload(log);
        }
    }

    /** The log was replaced by an installed snapshot: its configuration holds, then any entries after it. */
    void onSnapshotInstalled(InMemoryLog log) {
        reload(log);
    }

    /** The configuration in force at {@code at}, which must not be inside the log's snapshot. */
    static ClusterConfiguration at(long at, InMemoryLog log, ClusterConfiguration base) {
        for (long candidate = Math.min(at, log.lastIndex()); candidate > log.snapshotIndex(); candidate--) {
            LogEntry entry = log.entry(candidate);
            if (entry.type() == EntryType.CONFIGURATION) {
                return ConfigurationCodec.decode(entry.data());
            }
        }
        return log.snapshotIndex() > 0 ? log.snapshot().configuration() : base;
    }

    ClusterConfiguration base() {
        return base;
    }

    private void reload(InMemoryLog log) {
        // Before any configuration entry: the snapshot's configuration (it covers the entries that
        // set it), or the base configuration of a log that never had a snapshot.
        ClusterConfiguration start = log.snapshotIndex() > 0 ? log.snapshot().configuration() : base;
        current = start;
        previous = start;
        index = log.snapshotIndex() > 0 ? log.snapshotIndex() : 0;
        long found = 0;
        for (long candidate = log.lastIndex(); candidate > log.snapshotIndex(); candidate--) {
            LogEntry entry = log.entry(candidate);
            if (entry.type() != EntryType.CONFIGURATION) {
                continue;
            }
            if (found == 0) {
                current = ConfigurationCodec.decode(entry.data());
                index = candidate;
                found = candidate;
            } else {
                previous = ConfigurationCodec.decode(entry.data());
                return;
            }
        }
    }

    /**
     * A voter campaigns. So does a server that an uncommitted configuration demotes or removes
     * (dissertation §4.2.2): it may hold the entries needed to commit that very change, and without
     * it the remaining voters could be unable to elect anyone. It does not count its own vote then.
     */
    boolean mayCampaign(NodeId id, long commitIndex) {
        return current.isVoter(id) || index > commitIndex && previous.isVoter(id);
    }

    /**
     * Why {@code next} may not be appended now ("" if it may): one change at a time, only once the
     * leader committed an entry of its term (a known single-server-change bug otherwise: Ongaro,
     * raft-dev 2015), one server at a time, and never zero voters.
     */
    String refusal(ClusterConfiguration next, boolean leader, boolean committedInTerm, long commitIndex) {
        if (!leader) {
            return "not leader";
        }
        if (index > commitIndex) {
            return "another configuration change is not committed yet";
        }
        if (!committedInTerm) {
            return "the leader has not committed an entry of its term yet";
        }
        if (!current.isSingleServerChange(next)) {
            return "only one server can be added, removed, promoted or demoted at a time";
        }
        if (next.voters().isEmpty()) {
            return "a configuration needs at least one voter";
        }
        return "";
    }
}
