package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.Scenario;
import gameday.harness.check.Verdict.Validity;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.run.ServerTime;
import gameday.harness.check.Expectation;
import gameday.harness.workload.Workload;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * The BitVault DR chapter: soft deletes and a garbage collector that removes bytes after a grace period. A
 * bad migration empties the events table and is noticed {@link #RESTORE_DISTANCE} later; the PITR
 * goes back to before it. Objects soft-deleted after the target are live again in the restored
 * database: with a grace longer than the restore distance their bytes are still there; with a
 * shorter one (gc-too-eager, the negative control) the collector already removed them and the
 * consistency check must find the dangling references.
 * <p>Failure mode: docs/catalogue.md#db-object-consistency.
 */
public final class GcGrace implements Scenario {
    static final Duration RESTORE_DISTANCE = Duration.ofSeconds(4);
    private final String name;
    private final Duration grace;
    private ServerTime target;
    private long rowsBeforeMigration; // rows older than the target, read just before the DELETE

    private GcGrace(String name, Duration grace) {
        this.name = name;
        this.grace = grace;
    }

    /** Grace 1 s, shorter than the restore distance: the negative control. */
    public static GcGrace tooEager() {
        return new GcGrace("gc-too-eager", Duration.ofSeconds(1));
    }

    /** Grace 10 min, longer than any restore distance here. */
    public static GcGrace safe() {
        return new GcGrace("gc-grace-safe", Duration.ofMinutes(10));
    }

    /** A grace shorter than the restore distance must yield dangling references: the negative control. */
    @Override
    public Info info() {
        return Info.of(name, "soft deletes + GC grace " + grace.toSeconds() + " s vs a PITR " + RESTORE_DISTANCE.toSeconds()
                        + " s back: dangling references iff grace < restore distance",
                "BitVault DR chapter: the metadata DB and the object bytes agree after a PITR (soft deletes, GC grace)", Fault.SQL)
                .expecting(grace.compareTo(RESTORE_DISTANCE) < 0 ? Validity.INVALID : Validity.VALID);
    }

    @Override
    public Procedure procedure() {
        return Procedure.PITR;
    }

    @Override
    public Workload.Profile workload() {
        return Workload.Profile.DEFAULT.withDeletes(0.2, grace);
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        run.fault("a bad migration deletes every row of events", () -> run.faults().sql(run.env().endpoint().cluster(), c -> {
            target = Runbook.knownTimestamp(run, c); // the known timestamp of the runbook's pitr mode, from the server's clock
            try (Statement s = c.createStatement()) {
                rowsBeforeMigration = olderThanTarget(c);
                s.execute("DELETE FROM events");
            }
        }));
        Runbook.unnoticedFor(run, RESTORE_DISTANCE);
    }

    private long olderThanTarget(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE created_at < '" + target.at() + "'::timestamptz")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        // fewer, not none: an insert whose transaction began before the target (created_at is its
        // start) and committed after the DELETE survives it
        run.detect("rows older than the migration are missing from events", Duration.ofSeconds(30), () -> {
            try (Connection c = run.env().endpoint().cluster().connect()) {
                return olderThanTarget(c) < rowsBeforeMigration;
            }
        });
        run.measure("gcGraceMs", grace.toMillis());
        run.measure("restoreDistanceMs", RESTORE_DISTANCE.toMillis());
        run.measure("bytesCollected", run.workload().purged());
        return Runbook.pitrBefore(run, target);
    }
}
