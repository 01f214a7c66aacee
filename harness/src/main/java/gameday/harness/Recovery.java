package gameday.harness;

import java.time.Instant;

/**
 * The runbook's recovery procedures. Each builds a new cluster (never reuses the damaged one)
 * that archives under its own server name, and records its steps as phases.
 */
public interface Recovery {
    /** Restore the newest base backup before {@code target} and replay WAL up to it, then promote. */
    DatabaseCluster pitr(Instant target, Phases phases);

    /** Restore and replay all archived WAL (the runbook's "latest" and "full-rebuild" data path). */
    DatabaseCluster latest(Phases phases);

    /** The runbook's "full-rebuild": the cluster and its disks are gone; the same data path as {@link #latest}. */
    default DatabaseCluster fullRebuild(Phases phases) {
        return latest(phases);
    }

    /** Promotes a standby to primary (streaming, as CNPG's automatic failover, or fed from the archive); returns it, now writable. */
    DatabaseCluster promoteStandby(DatabaseCluster standby, Phases phases);

    /**
     * Copies back into {@code bucket} every object of {@code replica} that is missing there or
     * whose bytes differ; a replica object is used only if its bytes still match its key's
     * checksum (keys are sha256). Returns how many objects were restored.
     */
    long restoreObjects(String replica, String bucket, Phases phases);
}
