package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.DatabaseCluster;
import gameday.harness.Scenario;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.check.Expectation;
import java.time.Duration;
import gameday.harness.wait.Wait;

/**
 * The CloudNativePG runbook, "GKE cluster destroyed: Terraform + Argo CD + DB restore, 30-60 min", mode
 * full-rebuild; the BitVault DR chapter, "Cluster loss". The primary is killed and its data directory (WAL
 * included) deleted, so the object store is all that is left: a new cluster is rebuilt from the
 * newest base backup and every archived segment. What was acknowledged but not yet archived
 * is lost; the archive lag at the fault is measured to show that bound.
 * <p>Failure mode: docs/catalogue.md#cluster-destroyed.
 */
public final class ClusterDestroyed implements Scenario {
    /** Writes acknowledged after the last forced archive: the unarchived tail a total loss costs. */
    static final int UNARCHIVED_WRITES = 100;
    private long archivedUpTo;

    private static final Info INFO = Info.of("cluster-destroyed",
            "primary killed and its data directory deleted; full rebuild from the object store to the latest archived point",
            "CloudNativePG runbook: GKE cluster destroyed (full rebuild); BitVault DR chapter: cluster loss", Fault.DESTROY);

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public Procedure procedure() {
        return Procedure.FULL_REBUILD;
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().primary();
        // every commit acknowledged before this switch is in an archived segment: the recoverable bound
        long before = run.clock().now();
        primary.switchWalAndAwaitArchived(Runbook.ARCHIVE_TIMEOUT);
        archivedUpTo = before;
        // then the application goes on writing into a segment that archive_timeout has not yet closed
        Wait.forThe(UNARCHIVED_WRITES + " writes acknowledged after the last archived segment").atMost(Duration.ofSeconds(60))
                .pollEvery(Duration.ofMillis(20))
                .until(() -> run.history().ops().stream().filter(o -> o.ok() && o.invoke() > before).count() >= UNARCHIVED_WRITES);
        Runbook.measureArchiveLag(run, primary);
        run.fault("kill -9 the primary and delete its data directory", () -> run.faults().destroy(primary));
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().primary();
        run.detect("the primary refuses connections", Duration.ofSeconds(30), () -> Runbook.unreachable(primary));
        Runbook.fullRebuild(run);
        // writes after the last archived point may be lost (counted in the RPO and judged by the target); earlier ones may not
        return Expectation.latest(run.faultAt(), run.resumedAt()).durableUpTo(archivedUpTo);
    }
}
