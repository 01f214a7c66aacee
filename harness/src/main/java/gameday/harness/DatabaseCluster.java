package gameday.harness;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** A PostgreSQL primary as a scenario sees it, whatever substrate runs it. */
public interface DatabaseCluster {
    String name();

    /** The folder of this cluster's WAL and base backups in the backup bucket. */
    String serverName();

    String jdbcUrl();

    Connection connect() throws SQLException;

    void start(Duration timeout);

    boolean isRunning();

    void stop(Duration timeout);

    /** Hard kill (SIGKILL / pod delete with grace 0): a fault. */
    void kill();

    /** Takes a base backup into the object store; returns its name. */
    String backup(Duration timeout);

    String switchWalAndAwaitArchived(Duration timeout);

    String lastArchivedWal() throws SQLException;

    /**
     * Kills the server and deletes its data directory with its WAL (every local trace): a fault.
     * Refused unless the harness created this cluster.
     */
    void destroy();

    /**
     * Makes archive_command fail from now on, as a revoked or rotated object-store credential does
     * (the setting is changed and reloaded, the server keeps running and says nothing): a fault.
     * Refused unless the harness created this cluster.
     */
    void breakArchiving();

    /** End time of the newest completed base backup in the object store (CNPG {@code status.lastSuccessfulBackup}), or null. */
    Instant lastSuccessfulBackup();

    /**
     * Overwrites bytes inside block {@code block} of {@code table}'s data file, as a failing disk
     * would: a fault. The server is stopped first (its shutdown checkpoint writes every dirty
     * page, so nothing overwrites the damage later) and started again, so the next read of that
     * block comes from disk and fails its checksum. Refused unless the harness created this cluster.
     */
    void corruptBlock(String table, long block);
}
