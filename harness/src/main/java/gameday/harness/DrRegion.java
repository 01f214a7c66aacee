package gameday.harness;

import gameday.harness.s3.Replicator;

import java.time.Duration;

/**
 * The second region of a warm-standby design (docs/catalogue.md#warm-standby): buckets of its own that the
 * harness's {@link Replicator} fills from the primary region's, and a standby cluster fed from
 * the replicated WAL archive. Built only when {@link EnvironmentSpec#drRegion()} asks for it.
 */
public interface DrRegion {
    /** The replica of the primary's backup bucket (base backups and WAL). */
    String backupBucket();

    /** The replica of the application's bucket. */
    String appBucket();

    Replicator replicator();

    /**
     * Builds the warm standby (once): the newest base backup found in the DR backup bucket,
     * restored into the DR region, replaying WAL from the DR archive until promoted. Returns it
     * running in recovery. After promotion it archives into {@link #backupBucket()}.
     */
    DatabaseCluster standby(Duration timeout);
}
