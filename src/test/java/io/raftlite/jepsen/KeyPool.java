package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The keys clients work on: a few active at a time, each retired for a fresh one after a number of
 * operations, so each key's history stays short enough to check (Jepsen's independent keys).
 * Thread-safe.
 */
final class KeyPool {
    private final String prefix;
    private final int opsPerKey;
    private final String[] active;
    private final int[] used;
    private final List<String> all = new ArrayList<>();

    KeyPool(String prefix, int activeKeys, int opsPerKey) {
        this.prefix = prefix;
        this.opsPerKey = opsPerKey;
        this.active = new String[activeKeys];
        this.used = new int[activeKeys];
        for (int slot = 0; slot < activeKeys; slot++) {
            active[slot] = fresh();
        }
    }

    synchronized String next(Random random) {
        int slot = random.nextInt(active.length);
        String key = active[slot];
        if (++used[slot] >= opsPerKey) {
            active[slot] = fresh();
            used[slot] = 0;
        }
        return key;
    }

    /** Every key handed out or active, oldest first. */
    synchronized List<String> all() {
        return List.copyOf(all);
    }

    private String fresh() {
        String key = prefix + all.size();
        all.add(key);
        return key;
    }
}
