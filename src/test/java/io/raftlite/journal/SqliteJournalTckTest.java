package io.raftlite.journal;

import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's journal TCK against the SQLite journal, with every optional capability it supports switched on. */
@RunWith(JUnitRunner.class)
public class SqliteJournalTckTest extends JavaJournalSpec {
    private static final TemporaryPersistence FILES = new TemporaryPersistence();

    public SqliteJournalTckTest() {
        super(FILES.config);
    }

    @Override
    public CapabilityFlag supportsRejectingNonSerializableObjects() {
        return CapabilityFlag.on();
    }

    @Override
    public CapabilityFlag supportsSerialization() {
        return CapabilityFlag.on();
    }

    @Override
    public void afterAll() {
        super.afterAll();
        FILES.delete();
    }
}
