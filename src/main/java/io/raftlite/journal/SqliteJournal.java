package io.raftlite.journal;

import com.typesafe.config.Config;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Future;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The journal plugin. The work is done synchronously inside the plugin actor, which runs on the
 * plugin's own single-thread dispatcher: Pekko sends one write batch at a time per journal, so a
 * batch is one SQLite transaction and one fsync however many events it holds.
 */
public final class SqliteJournal extends AsyncWriteJournal {
    private final JournalDatabase database;
    private final Serialization serialization;

    public SqliteJournal(Config config) {
        this.database = new JournalDatabase(Path.of(config.getString("path")));
        this.serialization = SerializationExtension.get(context().system());
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        List<Optional<Exception>> outcomes = new ArrayList<>();
        List<JournalDatabase.Row> rows = new ArrayList<>();
        for (AtomicWrite write : messages) {
            try {
                List<JournalDatabase.Row> rowsOfWrite = new ArrayList<>();
                for (PersistentRepr event : scala.jdk.javaapi.CollectionConverters.asJava(write.payload())) {
                    byte[] bytes = serialization.serialize(event).get();
                    rowsOfWrite.add(new JournalDatabase.Row(event.persistenceId(), event.sequenceNr(), bytes));
                }
                rows.addAll(rowsOfWrite);
                outcomes.add(Optional.empty());
            } catch (Exception unserializable) {
                outcomes.add(Optional.of(unserializable)); // rejects this write only; the others go on
            }
        }
        try {
            database.insert(rows);
            if (InjectedSyncFailures.consume()) {
                return Futures.failed(new java.io.IOException("injected fsync failure (fault control): "
                        + "the write may or may not be durable"));
            }
            return Futures.successful(outcomes);
        } catch (Exception failure) {
            return Futures.failed(failure); // nothing of the batch is durable: the writers stop
        }
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        try {
            database.deleteTo(persistenceId, toSequenceNr);
            return Futures.successful(null);
        } catch (Exception failure) {
            return Futures.failed(failure);
        }
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
                                              Consumer<PersistentRepr> replayCallback) {
        try {
            database.replay(persistenceId, fromSequenceNr, toSequenceNr, max, (sequenceNr, payload) ->
                    replayCallback.accept(serialization.deserialize(payload, PersistentRepr.class).get()));
            return Futures.successful(null);
        } catch (Exception failure) {
            return Futures.failed(failure);
        }
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        try {
            return Futures.successful(database.highestSequenceNr(persistenceId));
        } catch (Exception failure) {
            return Futures.failed(failure);
        }
    }

    @Override
    public void postStop() {
        database.close();
    }
}
