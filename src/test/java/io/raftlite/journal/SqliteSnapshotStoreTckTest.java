package io.raftlite.journal;

import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's snapshot-store TCK against the snapshot plugin. */
@RunWith(JUnitRunner.class)
public class SqliteSnapshotStoreTckTest extends JavaSnapshotStoreSpec {
    private static final TemporaryPersistence FILES = new TemporaryPersistence();

    public SqliteSnapshotStoreTckTest() {
        super(FILES.config);
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
