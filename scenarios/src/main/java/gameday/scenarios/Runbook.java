package gameday.scenarios;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.ScenarioRun;
import gameday.harness.check.Observed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import static org.awaitility.Awaitility.await;
import org.awaitility.Awaitility;

/**
 * The seed runbook's steps (scripts/disaster-recovery.sh), shared by the scenarios that use them.
 * Each step is a phase of the RTO.
 */
public final class Runbook {
    static final Duration FENCE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(120);

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

    /** "Scales the backend Deployment to 0 to stop further writes." */
    public static void fence(ScenarioRun run) {
        run.phase("fence", () -> run.workload().pause(FENCE_TIMEOUT));
    }

    /**
     * Commits an empty transaction (so a commit record lies after any target up to now: PITR stops
     * only at a commit past the target), switches WAL and waits until it is archived.
     */
    public static void flushWal(ScenarioRun run, DatabaseCluster damaged, Instant target) {
        run.phase("flush-wal", () -> {
            // a target in the future (a typo, or a negative control) would leave no commit after it
            if (target.isAfter(Instant.now()))
                await("the clock to pass the recovery target " + target).atMost(Duration.ofMinutes(5)).until(() -> Instant.now().isAfter(target));
            try (Connection c = damaged.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_current_xact_id()");
            }
            String segment = damaged.switchWalAndAwaitArchived(ARCHIVE_TIMEOUT);
            run.note("WAL up to " + segment + " archived");
        });
    }

    /** "Verifies the recovered data": the application's tables are there and readable. */
    public static void verify(ScenarioRun run, DatabaseCluster recovered) {
        run.phase("verify", () -> {
            try (Connection c = recovered.connect()) {
                for (String table : new String[] {"objects", "events"}) {
                    if (!Observed.tableExists(c, table))
                        throw new GameDayException("verification failed: table " + table + " is missing in " + recovered.name());
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT (SELECT count(*) FROM objects), (SELECT count(*) FROM events), pg_is_in_recovery()")) {
                    rs.next();
                    if (rs.getBoolean(3)) throw new GameDayException("verification failed: " + recovered.name() + " is still in recovery");
                    run.measure("verifiedObjects", rs.getLong(1));
                    run.measure("verifiedRows", rs.getLong(2));
                    run.note("verified: " + rs.getLong(1) + " objects, " + rs.getLong(2) + " rows");
                }
            }
        });
    }

    /**
     * Mode latest / full-rebuild after a total loss: the damaged primary cannot flush anything,
     * so the new cluster gets what reached the archive. Fence, restore, verify, switch over.
     */
    public static DatabaseCluster latest(ScenarioRun run) {
        fence(run);
        DatabaseCluster recovered = run.env().recovery().latest(run);
        verify(run, recovered);
        run.switchover(recovered);
        return recovered;
    }

    /** The total loss of the seeds' "cluster destroyed": the primary, its data directory and WAL are gone. */
    public static void destroyPrimary(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().endpoint().cluster();
        run.fault("primary " + primary.name() + " and its data directory destroyed", primary::destroy);
    }

    /** True when no connection to {@code cluster} can be made: what a liveness probe sees. */
    public static boolean unreachable(DatabaseCluster cluster) {
        try (Connection c = cluster.connect()) {
            return !c.isValid(2);
        } catch (Exception e) {
            return true;
        }
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
            Awaitility.await(standby.name() + " to replay past " + lsn).atMost(ARCHIVE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> {
                        try (Connection c = standby.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                                "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
                            return rs.next() && rs.getBoolean(1);
                        }
                    });
            run.note(standby.name() + " replayed past " + lsn);
        });
    }

    /** Waits {@code d} with the workload running: the time nobody noticed. */
    public static void unnoticedFor(Duration d) {
        Awaitility.await("nobody notices for " + d.toMillis() + " ms").pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
    }

    /** True when {@code table} is gone from the cluster the application points at. */
    public static boolean tableMissing(ScenarioRun run, String table) throws Exception {
        try (Connection c = run.env().endpoint().cluster().connect()) {
            return !Observed.tableExists(c, table);
        }
    }
}
