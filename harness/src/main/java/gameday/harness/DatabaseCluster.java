package gameday.harness;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** A PostgreSQL primary as a scenario sees it, whatever substrate runs it. Faults against it go through {@link FaultInjector}. */
public interface DatabaseCluster {
    String name();

    /** The folder of this cluster's WAL and base backups in the backup bucket. */
    String serverName();

    String jdbcUrl();

    Connection connect() throws SQLException;

    void start(Duration timeout);

    boolean isRunning();

    void stop(Duration timeout);

    /** Takes a base backup into the object store; returns its name. */
    String backup(Duration timeout);

    String switchWalAndAwaitArchived(Duration timeout);

    String lastArchivedWal() throws SQLException;

    /** End time of the newest completed base backup in the object store (CNPG {@code status.lastSuccessfulBackup}), or null. */
    Instant lastSuccessfulBackup();
}
