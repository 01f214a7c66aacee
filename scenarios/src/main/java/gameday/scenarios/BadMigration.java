package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.Scenario;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.run.ServerTime;
import gameday.harness.check.Expectation;
import java.sql.Statement;
import java.time.Duration;

/**
 * The CloudNativePG runbook, mode pitr: "use this for bad migrations"; the BitVault DR chapter, "Logical disaster (bad
 * migration): PITR to before the event". One transaction rewrites every object's size (bytes to
 * KiB) and drops the sha256 column; the application's inserts fail from then on. The runbook
 * restores a new cluster to just before the migration; the consistency check then proves the
 * sizes and checksums agree with the bytes again.
 * <p>Failure mode: docs/catalogue.md#bad-migration.
 */
public final class BadMigration implements Scenario {
    private ServerTime migratedAt;

    private static final Info INFO = Info.of("bad-migration",
            "a migration rewrites every object size and drops the sha256 column; PITR into a new cluster to just before it",
            "BitVault DR chapter: logical disaster (bad migration); CloudNativePG runbook: PITR for bad migrations", Fault.SQL);

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public Procedure procedure() {
        return Procedure.PITR;
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        run.fault("migration: size := size / 1024, DROP COLUMN sha256", () -> run.faults().sql(run.env().endpoint().cluster(), c -> {
            migratedAt = Runbook.knownTimestamp(run, c);
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                run.measure("rowsRewritten", s.executeUpdate("UPDATE objects SET size = size / 1024"));
                s.execute("ALTER TABLE objects DROP COLUMN sha256");
                c.commit();
            }
        }));
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        run.detect("column objects.sha256 is gone", Duration.ofSeconds(30), () -> !LogicalDisasters.columnExists(run, "objects", "sha256"));
        return Runbook.pitrBefore(run, migratedAt);
    }
}
