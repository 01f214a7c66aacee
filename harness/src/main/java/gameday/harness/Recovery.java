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

    /** Promotes a streaming standby to primary (CNPG's automatic failover); returns it, now writable. */
    DatabaseCluster promoteStandby(DatabaseCluster standby, Phases phases);
}
