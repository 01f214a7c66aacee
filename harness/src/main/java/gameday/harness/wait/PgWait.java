package gameday.harness.wait;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Named waits on PostgreSQL, as Testcontainers names its waits ({@code forListeningPort()}):
 * {@code PgWait.promoted(c).atMost(d).await()}. Each probes over JDBC, says what it waits for,
 * and fails as one line through {@link Wait}. A probe that throws (the server is not up yet,
 * a port-forward is reopening) counts as "not yet".
 */
public final class PgWait {
    private final Wait wait;
    private final Callable<Boolean> probe;

    private PgWait(String what, Callable<Boolean> probe) {
        this.wait = Wait.forThe(what).ignoringExceptions();
        this.probe = probe;
    }

    public PgWait atMost(Duration d) {
        wait.atMost(d);
        return this;
    }

    public PgWait pollEvery(Duration d) {
        wait.pollEvery(d);
        return this;
    }

    /** Gives up at once when {@code stopped} (the server process died), with {@code reason} read then. */
    public PgWait failFast(Callable<Boolean> stopped, Callable<String> reason) {
        wait.failFast(stopped, reason);
        return this;
    }

    public void await() {
        wait.until(probe);
    }

    /** The server accepts a connection and answers on it. */
    public static PgWait connectable(DatabaseCluster c) {
        return new PgWait(c.name() + " to accept connections", () -> {
            try (Connection conn = c.connect()) {
                return conn.isValid(2);
            }
        });
    }

    /** Out of recovery ({@code pg_is_in_recovery()} false): promoted, or a recovery without a target that reached the end of the WAL. */
    public static PgWait promoted(DatabaseCluster c) {
        return new PgWait(c.name() + " to be promoted (pg_is_in_recovery() false)", () -> !inRecovery(c));
    }

    /**
     * Replay stopped at the recovery target: paused there ({@code recovery_target_action = pause},
     * {@code pg_get_wal_replay_pause_state()}), or already promoted past it.
     */
    public static PgWait recoveryTargetReached(DatabaseCluster c, Object target) {
        return new PgWait(c.name() + " to reach the recovery target " + target + " (replay paused, or promoted)", () -> {
            // the pause state raises "recovery is not in progress" once promoted
            try (Connection conn = c.connect(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT pg_is_in_recovery(), CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() END")) {
                rs.next();
                return !rs.getBoolean(1) || "paused".equals(rs.getString(2));
            }
        });
    }

    /**
     * WAL segment {@code segment} is in the archive: {@code pg_stat_archiver.last_archived_wal} has
     * reached it. This, after a switch, is the reliable way to know a point is recoverable;
     * {@code failed_count = 0} says nothing about lag.
     */
    public static PgWait archived(DatabaseCluster c, String segment) {
        return new PgWait("WAL segment " + segment + " of " + c.name() + " to reach the archive (pg_stat_archiver.last_archived_wal)", () -> {
            String last = c.lastArchivedWal();
            return last != null && last.compareTo(segment) >= 0;
        });
    }

    /** Switches to a new WAL segment ({@code pg_switch_wal()}) and waits until the one it closed is archived; returns that segment. */
    public static String switchWalAndAwaitArchived(DatabaseCluster c, Duration atMost, Duration pollEvery) {
        String segment;
        try (Connection conn = c.connect(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
            rs.next();
            segment = rs.getString(1);
        } catch (SQLException e) {
            throw new GameDayException("cannot switch WAL on " + c.name() + ": " + e.getMessage(), e);
        }
        archived(c, segment).atMost(atMost).pollEvery(pollEvery).await();
        return segment;
    }

    /** The primary sees {@code standby} streaming in {@code pg_stat_replication}, with {@code syncState} ("async", "sync"). */
    public static PgWait streaming(DatabaseCluster primary, DatabaseCluster standby, String syncState) {
        return new PgWait(standby.name() + " to stream from " + primary.name() + " (" + syncState + ")", () -> {
            try (Connection conn = primary.connect(); PreparedStatement ps = conn.prepareStatement(
                    "SELECT count(*) FROM pg_stat_replication WHERE application_name = ? AND state = 'streaming' AND sync_state = ?")) {
                ps.setString(1, standby.name());
                ps.setString(2, syncState);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            }
        });
    }

    /** The standby has received (written and flushed) WAL up to {@code lsn}: {@code pg_last_wal_receive_lsn()}. */
    public static PgWait receivedPast(DatabaseCluster standby, String lsn) {
        return new PgWait(standby.name() + " to receive WAL up to " + lsn, () -> lsnAtLeast(standby, "pg_last_wal_receive_lsn()", lsn));
    }

    /** The standby has replayed WAL up to {@code lsn} (streamed or restored from the archive): {@code pg_last_wal_replay_lsn()}. */
    public static PgWait replayedPast(DatabaseCluster standby, String lsn) {
        return new PgWait(standby.name() + " to replay past " + lsn, () -> lsnAtLeast(standby, "pg_last_wal_replay_lsn()", lsn));
    }

    private static boolean lsnAtLeast(DatabaseCluster c, String position, String lsn) throws SQLException {
        try (Connection conn = c.connect(); PreparedStatement ps = conn.prepareStatement("SELECT " + position + " >= ?::pg_lsn")) {
            ps.setString(1, lsn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1); // null on a server that never was a standby
            }
        }
    }

    private static boolean inRecovery(DatabaseCluster c) throws SQLException {
        try (Connection conn = c.connect(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
