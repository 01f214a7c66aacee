package gameday.harness.run;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.ObjectStore;
import gameday.harness.wait.Wait;
import gameday.harness.wait.Wait.Hypothesis;
import gameday.harness.workload.History;
import gameday.harness.workload.Op;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * The steady-state hypotheses of a game day, as Chaos Toolkit checks them before it injects a
 * fault: watched during a window while the workload runs, instead of sleeping through it. If
 * one breaks, the run stops with {@code steady state not reached (…)} and no fault is injected.
 */
public final class SteadyState {
    static final Duration POLL = Duration.ofMillis(500);
    /**
     * The longest silence that still counts as flowing: far above the gap between two writes at
     * the slowest profile (5/s), far enough above a commit stall on two busy cores not to cry wolf.
     */
    static final Duration ACK_GAP = Duration.ofSeconds(5);

    private SteadyState() {}

    /** Before the fault: writes are acknowledged, archiving does not fail, the base backup is in the bucket. */
    static void hold(ScenarioRun run, Duration window) {
        DatabaseCluster primary = run.env().primary();
        ObjectStore store = run.env().objectStore();
        // the window opens at the first acknowledgement: a cloned steady state has no backup to wait out
        // first, and before any write "the newest acknowledgement is recent" has nothing to be about
        try {
            Wait.forThe("the first acknowledged write").atMost(ACK_GAP).pollEvery(Duration.ofMillis(20)).until(() -> run.history().lastOk() != null);
        } catch (GameDayException none) {
            // the hypothesis below fails in its own words
        }
        Wait.holds(window, POLL, acknowledgementsFlow(run.history()), archiverFailuresDoNotGrow(primary),
                baseBackupExists(primary, store, store.backupBucket()));
        run.note("steady state held for " + window.toMillis() + " ms: writes acknowledged, archiving not failing, base backup in the bucket");
    }

    /**
     * A window in which the workload runs on unwatched by any operator (a fault nobody has noticed
     * yet): its writes must keep being acknowledged, or the window measures something else.
     */
    public static void workloadRunsFor(ScenarioRun run, Duration window) {
        Wait.holds(window, POLL, acknowledgementsFlow(run.history()));
    }

    /** The newest acknowledged write is at most {@link #ACK_GAP} old, at every probe. */
    public static Hypothesis acknowledgementsFlow(History history) {
        return new Hypothesis("acknowledgements keep flowing, none more than " + ACK_GAP.toSeconds() + " s apart", () -> {
            Op last = history.lastOk();
            return last != null && history.clock().now() - last.complete() <= ACK_GAP.toNanos();
        });
    }

    /** {@code pg_stat_archiver.failed_count} stays at its value of the first probe: no archive_command failed during the window. */
    static Hypothesis archiverFailuresDoNotGrow(DatabaseCluster primary) {
        long[] first = {-1};
        return new Hypothesis("pg_stat_archiver.failed_count of " + primary.name() + " does not grow", () -> {
            try (Connection c = primary.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT failed_count FROM pg_stat_archiver")) {
                rs.next();
                long now = rs.getLong(1);
                if (first[0] < 0) first[0] = now;
                return now <= first[0];
            }
        });
    }

    /** A base backup of the primary is in the backup bucket, under {@code <serverName>/base/} as barman-cloud lays it out. */
    static Hypothesis baseBackupExists(DatabaseCluster primary, ObjectStore store, String bucket) {
        String prefix = primary.serverName() + "/base/";
        return new Hypothesis("a base backup exists in " + bucket + "/" + prefix, () -> {
            for (Result<Item> r : store.client().listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).maxKeys(1).build())) {
                r.get(); // a failed listing arrives as its first result
                return true;
            }
            return false;
        });
    }
}
