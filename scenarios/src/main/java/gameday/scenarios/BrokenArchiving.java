package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.check.BackupHealth;
import gameday.harness.check.PostgresBackupSource;
import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.Scenario;
import gameday.harness.check.Verdict.Validity;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.wait.Wait;
import gameday.harness.check.Expectation;
import gameday.harness.workload.Workload;
import java.time.Duration;

/**
 * The CloudNativePG runbook, "Verifying backup health … to catch silent backup failures". archive_command starts
 * failing (a revoked credential) while the server runs on; the backup health checks must flag
 * it, and the time they took is measured. Then nobody acts, the primary is lost with its data,
 * and the latest restore shows the RPO the silence cost against the design's "RPO seconds".
 * <p>Failure mode: docs/catalogue.md#silent-archiving-failure.
 */
public final class BrokenArchiving implements Scenario {
    /** CNPG's 5 min archive_timeout scaled down: a completed segment fails to archive within this. */
    static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(5);
    /** The runbook takes a base backup daily; an older newest backup is a finding. */
    static final Duration MAX_BACKUP_AGE = Duration.ofHours(25);
    static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(2);
    /** How long the alert goes unanswered before the loss. */
    static final Duration IGNORED_FOR = Duration.ofSeconds(2);

    /** Silent archiving failure then total loss breaks the RPO promise by construction; the game day shows by how much, and that health checks flagged it. */
    private static final Info INFO = Info.of("broken-archiving",
            "archive_command silently fails; backup health must flag it, then total loss shows the RPO the silence caused",
            "CloudNativePG runbook: silent backup failure, caught by the backup health checks", Fault.BREAK_ARCHIVING, Fault.DESTROY)
            .expecting(Validity.INVALID);

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public Procedure procedure() {
        return Procedure.FULL_REBUILD;
    }

    @Override
    public EnvironmentSpec environment() {
        return EnvironmentSpec.DEFAULT.withArchiveTimeout(ARCHIVE_TIMEOUT);
    }

    @Override
    public Workload.Profile workload() {
        return Workload.Profile.DEFAULT.withRate(50);
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().primary();
        BackupHealth health = new BackupHealth(new PostgresBackupSource(primary, run.env().objectStore(), run.env().objectStore().backupBucket()),
                MAX_BACKUP_AGE, null);
        BackupHealth.Report before = run.phase("health-baseline", health::probe);
        if (!before.healthy()) throw new GameDayException("backups were unhealthy before the fault: " + before.problems());
        long brokenAt = run.clock().now();
        run.faults().breakArchiving(primary);
        run.note("archive_command now fails (revoked credential); the server runs on");
        BackupHealth.Report flagged = run.phase("health-check", () -> Wait.forThe("backup health to flag the broken archiving")
                .atMost(HEALTH_TIMEOUT).pollEvery(Duration.ofMillis(500)).until(health::probe, r -> !r.healthy()));
        run.measure("healthFlaggedAfterMs", (run.clock().now() - brokenAt) / 1_000_000);
        run.measure("healthProblems", flagged.problems());
        run.measure("healthArchiverFailing", flagged.archiverFailing());
        run.note("backup health flagged: " + String.join("; ", flagged.problems()));
        Runbook.unnoticedFor(run, IGNORED_FOR);
        run.measure("archivingBrokenForMs", (run.clock().now() - brokenAt) / 1_000_000);
        Runbook.destroyPrimary(run);
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        run.detect("the primary is unreachable", Duration.ofSeconds(30), () -> Runbook.unreachable(run.env().primary()));
        Runbook.fullRebuild(run);
        // the runbook promises RPO seconds, "limited to in-flight transactions": every acknowledged write must survive
        return Expectation.latest(run.faultAt(), run.resumedAt());
    }
}
