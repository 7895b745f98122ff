package io.raftlite.journal;

import com.typesafe.config.Config;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The snapshot-store plugin, on {@link SnapshotFiles} (named for the project's SQLite persistence
 * even though snapshots are plain files: a snapshot is a large blob, written once and replaced).
 * Loading skips a snapshot that cannot be read and falls back to the next older one.
 */
public final class SqliteSnapshotStore extends SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSnapshotStore.class);

    private final SnapshotFiles files;
    private final Serialization serialization;

    public SqliteSnapshotStore(Config config) {
        this.files = new SnapshotFiles(Path.of(config.getString("dir")));
        this.serialization = SerializationExtension.get(context().system());
    }

    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        try {
            for (SnapshotFiles.Entry entry : files.list(persistenceId)) {
                if (!matches(entry, criteria)) {
                    continue;
                }
                try {
                    SnapshotFiles.Content content = files.read(entry);
                    Object snapshot = serialization.deserialize(content.bytes(), content.serializerId(), content.manifest()).get();
                    return Futures.successful(Optional.of(SelectedSnapshot.create(
                            new SnapshotMetadata(persistenceId, entry.sequenceNr(), entry.timestamp()), snapshot)));
                } catch (Exception unreadable) {
                    LOG.warn("Skipping unreadable snapshot {}: {}", entry.file(), unreadable.getMessage());
                }
            }
            return Futures.successful(Optional.empty());
        } catch (Exception failure) {
            return Futures.failed(failure);
        }
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        try {
            Serializer serializer = serialization.findSerializerFor(snapshot);
            // Serialization.serialize (not serializer.toBinary) sets the transport information that
            // serializing a snapshot holding actor refs needs.
            byte[] bytes = serialization.serialize(snapshot).get();
            files.save(metadata.persistenceId(), metadata.sequenceNr(), metadata.timestamp(), new SnapshotFiles.Content(
                    serializer.identifier(), Serializers.manifestFor(serializer, snapshot), bytes));
            return Futures.successful(null);
        } catch (Exception failure) {
            return Futures.failed(failure);
        }
    }

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        try {
            for (SnapshotFiles.Entry entry : files.list(metadata.persistenceId())) {
                if (entry.sequenceNr() == metadata.sequenceNr()
                        && (metadata.timestamp() == 0 || entry.timestamp() == metadata.timestamp())) {
                    files.delete(entry);
                }
            }
            return Futures.successful(null);
        } catch (Exception failure) {
            return Futures.failed(failure);
        }
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        try {
            for (SnapshotFiles.Entry entry : files.list(persistenceId)) {
                if (matches(entry, criteria)) {
                    files.delete(entry);
                }
            }
            return Futures.successful(null);
        } catch (Exception failure) {
            return Futures.failed(failure);
        }
    }

    private static boolean matches(SnapshotFiles.Entry entry, SnapshotSelectionCriteria criteria) {
        return entry.sequenceNr() <= criteria.maxSequenceNr() && entry.timestamp() <= criteria.maxTimestamp()
                && entry.sequenceNr() >= criteria.minSequenceNr() && entry.timestamp() >= criteria.minTimestamp();
    }
}
