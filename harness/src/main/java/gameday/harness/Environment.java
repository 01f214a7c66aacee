package gameday.harness;

import java.util.Map;
import java.util.Optional;

/**
 * One disposable world built by a {@link Substrate}: a database cluster archiving to a backup
 * object store, the application's bucket, and the recovery procedures that act on them.
 * Closing it removes everything it started.
 */
public interface Environment extends AutoCloseable {
    String name();

    /** The cluster that was built first (the "production" primary). */
    DatabaseCluster primary();

    ObjectStore objectStore();

    /** What the application talks to; a switchover moves it. */
    Endpoint endpoint();

    Recovery recovery();

    /** The only way to inject a fault into this environment: it checks support and ownership first. */
    FaultInjector faults();

    /** The DR region that {@link EnvironmentSpec#drRegion()} asked for. */
    default Optional<DrRegion> drRegion() {
        return Optional.empty();
    }

    /** The streaming standby of the primary that {@link EnvironmentSpec#replication()} asked for. */
    default Optional<DatabaseCluster> standby() {
        return Optional.empty();
    }

    /** What a team's {@code --recovery-command} gets here; empty where the substrate cannot run one. */
    default Optional<gameday.harness.run.RecoveryCommand.Site> commandSite() {
        return Optional.empty();
    }

    /**
     * The base backup that was already in the backup bucket when this environment was built: it was
     * cloned from a golden steady state (schema, base backup, archived WAL) built once per run.
     * Empty when the steady state is built here, and a base backup must be taken.
     */
    default Optional<String> clonedBaseBackup() {
        return Optional.empty();
    }

    /** Versions and sizes for the report; never credentials. */
    Map<String, Object> facts();

    @Override
    void close();
}
