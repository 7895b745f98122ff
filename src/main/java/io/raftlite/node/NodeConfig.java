package io.raftlite.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.raftlite.raft.RaftConfig;
import io.raftlite.raft.message.NodeId;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * A node's settings, read from its HOCON file under {@code raftlite { }} with -Dkey=value
 * overrides, and validated strictly: an unknown or misspelled key or a bad value stops the node
 * with one line naming the key and the file. Defaults and documentation live in reference.conf.
 */
public record NodeConfig(Path source, NodeId nodeId, Path dataDir, HostPort httpAddress, long maxBodySize,
                         HostPort raftAddress, List<HostPort> seedNodes, int bootstrapExpect,
                         Duration tickInterval, RaftConfig raftConfig, Duration proposalTimeout,
                         long snapshotThreshold, long snapshotThresholdBytes, long snapshotTrailingEntries, boolean voter,
                         boolean leaveOnShutdown, boolean eventLog, boolean faultControl) {

    /** Loads {@code file}, with the JVM's -Draftlite.* system properties as overrides. */
    public static NodeConfig load(Path file) {
        return load(file, System.getProperties());
    }

    static NodeConfig load(Path file, Properties systemProperties) {
        Config fromFile;
        try {
            fromFile = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException.IO missing) {
            throw new ConfigError(file + ": cannot read the config file (" + rootCause(missing) + ")");
        } catch (ConfigException.Parse syntax) {
            throw new ConfigError(file + ": not valid HOCON: " + syntax.getMessage());
        }
        Config overrides = ConfigFactory.parseProperties(onlyRaftlite(systemProperties), ConfigParseOptions.defaults()
                .setOriginDescription("-D system property"));
        Config merged = overrides.withFallback(fromFile);
        KnownKeys.check(file, merged);
        Config config = merged.withFallback(ConfigFactory.defaultReference()).resolve().getConfig("raftlite");
        return new Reader(file, config).read();
    }

    private static Properties onlyRaftlite(Properties properties) {
        Properties selected = new Properties();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith("raftlite."))
                .forEach(name -> selected.setProperty(name, properties.getProperty(name)));
        return selected;
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** Reads each key with its type and checks, turning any failure into a one-line ConfigError. */
    private record Reader(Path file, Config config) {
        NodeConfig read() {
            NodeId nodeId = value("node-id", key -> {
                String id = config.getString(key);
                if (!id.matches("[A-Za-z0-9._-]+")) {
                    throw new IllegalArgumentException(id.isEmpty() ? "is required (a stable name for this node, e.g. \"node1\")"
                            : "'" + id + "' may contain only letters, digits, '.', '_' and '-'");
                }
                return NodeId.of(id);
            });
            Path dataDir = value("data-dir", key -> DataDirectory.prepare(Path.of(config.getString(key))));
            HostPort http = value("http.address", key -> HostPort.parse(config.getString(key)));
            long maxBody = value("http.max-body-size", key -> positive(config.getBytes(key)));
            HostPort raft = value("raft.address", key -> HostPort.parse(config.getString(key)));
            if (raft.equals(http)) {
                throw error("raft.address", "is the same as raftlite.http.address (" + http + "); they need two ports");
            }
            List<HostPort> seeds = value("raft.seed-nodes", key -> config.getStringList(key).stream().map(HostPort::parse).toList());
            int expect = value("raft.bootstrap-expect", key -> {
                int n = config.getInt(key);
                if (n < 0 || n > 0 && seeds.isEmpty()) {
                    throw new IllegalArgumentException(n < 0 ? "must be 0 or more"
                            : "is " + n + " but raftlite.raft.seed-nodes is empty: name the other nodes to bootstrap with");
                }
                if (n > 0) {
                    java.util.Set<String> together = new java.util.TreeSet<>();
                    together.add(config.getString("raft.address"));
                    seeds.forEach(seed -> together.add(seed.toString()));
                    if (together.size() != n) {
                        // The set is decided by configuration, never by who happens to be up first, so
                        // every node bootstraps the same one.
                        throw new IllegalArgumentException("is " + n + " but this node and its seed nodes are " + together.size()
                                + " nodes; list exactly the other " + (n - 1) + " nodes as raftlite.raft.seed-nodes");
                    }
                }
                return n;
            });
            Duration tick = value("raft.tick-interval", key -> {
                Duration interval = config.getDuration(key);
                if (interval.toMillis() < 10) {
                    throw new IllegalArgumentException("must be at least 10ms");
                }
                return interval;
            });
            RaftConfig raftConfig = value("raft.election-timeout-ticks", key -> {
                RaftConfig defaults = RaftConfig.defaults();
                return new RaftConfig(config.getInt(key), config.getInt("raft.heartbeat-ticks"),
                        defaults.maxEntriesPerAppend(), defaults.maxBytesPerAppend(), defaults.maxInflightAppends());
            });
            Duration proposalTimeout = value("raft.proposal-timeout", key -> {
                Duration timeout = config.getDuration(key);
                if (timeout.compareTo(tick) < 0) {
                    throw new IllegalArgumentException("must be at least one tick (" + tick.toMillis() + "ms)");
                }
                return timeout;
            });
            long snapshotThreshold = value("raft.snapshot-threshold", key -> positive(config.getLong(key)));
            long snapshotThresholdBytes = value("raft.snapshot-threshold-bytes", key -> positive(config.getBytes(key)));
            long trailing = value("raft.snapshot-trailing-entries", key -> {
                long entries = config.getLong(key);
                if (entries < 0) {
                    throw new IllegalArgumentException("must be 0 or more");
                }
                return entries;
            });
            boolean voter = value("raft.voter", key -> {
                boolean isVoter = config.getBoolean(key);
                if (!isVoter && (seeds.isEmpty() || expect > 0)) {
                    throw new IllegalArgumentException(seeds.isEmpty()
                            ? "is false (a read replica) but raftlite.raft.seed-nodes is empty: a replica joins an existing cluster"
                            : "is false (a read replica) but raftlite.raft.bootstrap-expect is set: only voters bootstrap a cluster");
                }
                return isVoter;
            });
            return new NodeConfig(file, nodeId, dataDir, http, maxBody, raft, seeds, expect, tick, raftConfig, proposalTimeout,
                    snapshotThreshold, snapshotThresholdBytes, trailing, voter, value("raft.leave-on-shutdown", config::getBoolean),
                    value("raft.event-log", config::getBoolean), value("fault-control", config::getBoolean));
        }

        private <T> T value(String key, Function<String, T> reader) {
            try {
                return reader.apply(key);
            } catch (ConfigException.WrongType | ConfigException.BadValue wrong) {
                throw error(key, wrong.getMessage().replaceFirst("^.*?: ", ""));
            } catch (IllegalArgumentException | IllegalStateException invalid) {
                throw error(key, invalid.getMessage());
            }
        }

        private ConfigError error(String key, String problem) {
            return new ConfigError(file + ": raftlite." + key + " " + problem);
        }

        private static long positive(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("must be positive");
            }
            return value;
        }
    }
}
