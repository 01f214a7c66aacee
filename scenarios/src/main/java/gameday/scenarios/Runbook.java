package gameday.scenarios;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.run.ScenarioRun;
import gameday.harness.run.ServerTime;
import gameday.harness.run.SteadyState;
import gameday.harness.wait.PgWait;
import gameday.harness.wait.Wait;
import gameday.harness.check.Expectation;
import gameday.harness.check.RestoredState;
import gameday.harness.check.WalFile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * The CloudNativePG runbook's steps (scripts/disaster-recovery.sh), shared by the scenarios that use them.
 * Each step is a phase of the RTO.
 * <p>Failure mode: docs/catalogue.md#runbook-steps.
 */
public final class Runbook {
    static final Duration FENCE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(120);
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private Runbook() {}

    /**
     * Mode pitr: scale the writers to 0, make sure the WAL up to now is in the archive, restore
     * into a new cluster at {@code target}, verify, switch the application over.
     */
    public static DatabaseCluster pitr(ScenarioRun run, Instant target) {
        fence(run);
        flushWal(run, run.env().endpoint().cluster(), target);
        DatabaseCluster recovered = run.env().recovery().pitr(target, run);
        verify(run, recovered);
        run.switchover(recovered);
        return recovered;
    }


    /**
     * PITR to just before a logical disaster, to {@code event} read from the server's clock (the
     * runbook's "known timestamp"). Writes acknowledged before it must be back; later ones are given up.
     */
    public static Expectation pitrBefore(ScenarioRun run, ServerTime event) {
        pitr(run, event.at());
        return expectPitr(run, event);
    }

    /** What a PITR to {@code target} must restore, on the run clock. */
    public static Expectation expectPitr(ScenarioRun run, ServerTime target) {
        return Expectation.pitr(run.faultAt(), Math.max(target.runFrom(), run.faultAt()), Math.max(target.runTo(), run.faultAt()), run.resumedAt());
    }

    /**
     * The recovery target of a logical disaster: the server's clock just before the destructive
     * statement runs on {@code c}, never the harness's (CNPG's e2e reads it the same way). Journals
     * how far the harness clock is off, which is what a target from it would have been off by.
     */
    public static ServerTime knownTimestamp(ScenarioRun run, Connection c) throws java.sql.SQLException {
        ServerTime t = ServerTime.read(c, run.clock());
        run.measure("recoveryTarget", t.at().toString());
        run.measure("harnessClockAheadMs", t.harnessAheadMs(run.clock()));
        return t;
    }

    /**
     * Mode latest while the damaged primary still runs: fence, archive its WAL up to now, restore
     * a new cluster from the newest backup + all WAL, verify. The caller may check more, then
     * switches over. Returns when the writers were fenced: every write acknowledged before
     * that must be in the new cluster.
     */
    public static long restoreLatest(ScenarioRun run, DatabaseCluster damaged, Verification extra) throws Exception {
        long fenced = fence(run);
        flushWal(run, damaged, null);
        DatabaseCluster recovered = run.env().recovery().latest(run);
        verify(run, recovered);
        extra.verify(recovered);
        run.switchover(recovered);
        return fenced;
    }

    /**
     * Mode full-rebuild: the cluster and its disks are gone, so nothing more can be archived;
     * restore a new cluster from what reached the object store (newest backup + all archived
     * WAL), verify, switch the application over.
     */
    public static DatabaseCluster fullRebuild(ScenarioRun run) {
        fence(run);
        DatabaseCluster recovered = run.env().recovery().fullRebuild(run);
        verify(run, recovered);
        run.switchover(recovered);
        return recovered;
    }

    /** A check of the recovered cluster before the application is switched to it. */
    @FunctionalInterface
    public interface Verification {
        void verify(DatabaseCluster recovered) throws Exception;
    }

    /** "Scales the backend Deployment to 0 to stop further writes"; returns when they stopped. */
    public static long fence(ScenarioRun run) {
        run.phase("fence", () -> run.workload().pause(FENCE_TIMEOUT));
        return run.clock().now();
    }

    /** True when the cluster refuses connections: what a liveness probe sees after a crash. */
    public static boolean unreachable(DatabaseCluster cluster) {
        try (Connection c = cluster.connect()) {
            return !c.isValid(2);
        } catch (java.sql.SQLException e) {
            return true;
        }
    }

    /**
     * Measures how far archiving trails the primary right now (seen from pg_stat_archiver): the
     * WAL in the segments not yet archived is what a total loss at this instant costs.
     */
    public static void measureArchiveLag(ScenarioRun run, DatabaseCluster primary) throws Exception {
        try (Connection c = primary.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pg_walfile_name(pg_current_wal_lsn()), a.last_archived_wal, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,"
                        + " (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'),"
                        + " (extract(epoch FROM now() - a.last_archived_time) * 1000)::bigint FROM pg_stat_archiver a")) {
            rs.next();
            String current = rs.getString(1), archived = rs.getString(2);
            long lsn = rs.getLong(3), segSize = rs.getLong(4);
            run.measure("walAtFault", current);
            run.measure("lastArchivedWalAtFault", archived);
            run.measure("lastArchivedAgeMs", rs.getLong(5));
            if (archived == null) return;
            long archivedEnd = (WalFile.segmentNumber(archived, segSize) + 1) * segSize;
            run.measure("archiveLagSegments", WalFile.segmentNumber(current, segSize) - WalFile.segmentNumber(archived, segSize));
            run.measure("archiveLagBytes", Math.max(0, lsn - archivedEnd));
            run.note("archive lag at the fault: current WAL " + current + ", last archived " + archived);
        }
    }

    /**
     * Commits an empty transaction (so a commit record lies after any target up to now: PITR stops
     * only at a commit past the target, if {@code target} is not null), switches WAL and waits until it is archived.
     */
    public static void flushWal(ScenarioRun run, DatabaseCluster damaged, Instant target) {
        run.phase("flush-wal", () -> {
            // a target in the future (a typo, or a negative control) would leave no commit after it;
            // "the future" is the server's: its clock stamps the commits
            if (target != null)
                Wait.forThe("the server clock to pass the recovery target " + target).atMost(Duration.ofMinutes(5))
                        .until(() -> serverClockPassed(damaged, target));
            try (Connection c = damaged.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_current_xact_id()");
            }
            String segment = damaged.switchWalAndAwaitArchived(ARCHIVE_TIMEOUT);
            run.note("WAL up to " + segment + " archived");
        });
    }

    private static boolean serverClockPassed(DatabaseCluster cluster, Instant target) throws java.sql.SQLException {
        try (Connection c = cluster.connect(); var ps = c.prepareStatement("SELECT clock_timestamp() > ?")) {
            ps.setObject(1, target.atOffset(java.time.ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static Connection connectToVerify(DatabaseCluster recovered) {
        try {
            return recovered.connect();
        } catch (java.sql.SQLException e) {
            throw new GameDayException("verification failed: " + recovered.name() + " does not answer: " + e.getMessage());
        }
    }

    /** "Verifies the recovered data": the application's tables are there and readable. */
    public static void verify(ScenarioRun run, DatabaseCluster recovered) {
        run.phase("verify", () -> {
            try (Connection c = connectToVerify(recovered)) {
                for (String table : new String[] {"objects", "events"}) {
                    if (!RestoredState.tableExists(c, table))
                        throw new GameDayException("verification failed: table " + table + " is missing in " + recovered.name());
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT (SELECT count(*) FROM objects), (SELECT count(*) FROM events), pg_is_in_recovery()")) {
                    rs.next();
                    if (rs.getBoolean(3)) throw new GameDayException("verification failed: " + recovered.name() + " is still in recovery");
                    // what the recovery restored, counted before any write reaches the recovered service
                    run.measure("objectsRestored", rs.getLong(1));
                    run.measure("rowsRestored", rs.getLong(2));
                    run.note("verified: " + rs.getLong(1) + " objects, " + rs.getLong(2) + " rows");
                }
            }
        });
    }


    /** The total loss of the designs' "cluster destroyed": the primary, its data directory and WAL are gone. */
    public static void destroyPrimary(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().endpoint().cluster();
        run.fault("primary " + primary.name() + " and its data directory destroyed", () -> run.faults().destroy(primary));
    }

    /**
     * A warm standby is warm once it has replayed WAL written after it was built: switch WAL on
     * the primary and wait until the standby has replayed past that point.
     */
    public static void awaitStandbyCaughtUp(ScenarioRun run, DatabaseCluster primary, DatabaseCluster standby) {
        run.phase("standby-catch-up", () -> {
            String lsn;
            try (Connection c = primary.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
                rs.next();
                lsn = rs.getString(1);
            }
            primary.switchWalAndAwaitArchived(ARCHIVE_TIMEOUT);
            PgWait.replayedPast(standby, lsn).atMost(ARCHIVE_TIMEOUT).pollEvery(Duration.ofMillis(100)).await();
            run.note(standby.name() + " replayed past " + lsn);
        });
    }

    /** {@code d} with the workload running and watched, its writes still acknowledged: the time nobody noticed. */
    public static void unnoticedFor(ScenarioRun run, Duration d) {
        SteadyState.workloadRunsFor(run, d);
    }

    /** True when {@code table} is gone from the cluster the application points at. */
    public static boolean tableMissing(ScenarioRun run, String table) throws Exception {
        try (Connection c = run.env().endpoint().cluster().connect()) {
            return !RestoredState.tableExists(c, table);
        }
    }
}
