package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.Scenario;
import gameday.harness.check.Verdict.Validity;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.check.Expectation;
import gameday.harness.workload.Workload;
import java.time.Duration;

/**
 * The CloudNativePG runbook: "WAL archiving is continuous. RPO is effectively seconds — limited to in-flight
 * transactions." At a low write rate a WAL segment is archived only when archive_timeout forces
 * a switch (CNPG: 5 min). The loss here comes late in that interval, after a known switch, so
 * the measured RPO shows the bound: about archive_timeout, not the in-flight transactions.
 * <p>Failure mode: docs/catalogue.md#archive-timeout-rpo.
 */
public final class ArchiveTimeoutRpo implements Scenario {
    /** CNPG's default of 5 min, scaled down 30x. */
    static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(10);

    /** With writes sparser than archive_timeout, total loss costs up to archive_timeout of data: the designs' "RPO seconds" does not hold. */
    private static final Info INFO = Info.of("archive-timeout-rpo",
            "low write rate, then total loss late in an archive_timeout interval; RPO vs archive_timeout (the runbook's 'RPO effectively seconds')",
            "CloudNativePG runbook: RPO 'effectively seconds' from continuous WAL archiving", Fault.DESTROY).expecting(Validity.INVALID);

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
        return new Workload.Profile(2, 5, 0.5, 256, 1024); // a quiet application: far from filling a 16 MB segment
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().primary();
        // a known segment switch; the next one comes only when archive_timeout forces it
        primary.switchWalAndAwaitArchived(Runbook.ARCHIVE_TIMEOUT);
        run.measure("archiveTimeoutMs", ARCHIVE_TIMEOUT.toMillis());
        Runbook.unnoticedFor(run, ARCHIVE_TIMEOUT.multipliedBy(8).dividedBy(10));
        Runbook.destroyPrimary(run);
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        run.detect("the primary is unreachable", Duration.ofSeconds(30), () -> Runbook.unreachable(run.env().primary()));
        Runbook.fullRebuild(run);
        // the claim under test: only in-flight transactions are lost, so every acknowledged write must survive
        return Expectation.latest(run.faultAt(), run.resumedAt());
    }
}
