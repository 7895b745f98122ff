package io.raftlite.command;

import java.util.regex.Pattern;

/**
 * PRAGMAs a request may not run, because they would break replication or durability (rqlite §2.4):
 * setting journal_mode, wal_autocheckpoint, synchronous or query_only, and wal_checkpoint in any form.
 */
public final class DisallowedPragmas {
    private static final Pattern SETTING = Pattern.compile(
            "^\\s*PRAGMA\\s+(\\w+\\.)?(journal_mode|wal_autocheckpoint|synchronous|query_only)\\s*=.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CHECKPOINT = Pattern.compile(
            "^\\s*PRAGMA\\s+(\\w+\\.)?wal_checkpoint.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private DisallowedPragmas() {
    }

    public static boolean isDisallowed(String sql) {
        return SETTING.matcher(sql).matches() || CHECKPOINT.matcher(sql).matches();
    }
}
