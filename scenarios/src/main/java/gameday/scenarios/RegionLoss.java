package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.DatabaseCluster;
import gameday.harness.DrRegion;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.Scenario;
import gameday.harness.Capability;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.check.Expectation;
import gameday.harness.workload.Workload;
import java.time.Duration;

/**
 * The BitVault DR chapter, "Region loss: fail over to DR region". A warm standby in a second region replays
 * WAL from a replicated copy of the backup bucket, and the app bucket is replicated too. The
 * primary region is lost (primary killed, replication cut, its buckets gone); the runbook
 * promotes the standby and moves the application to the DR cluster and the DR bucket. The
 * standby is fed from the archive, not streaming: the replicated bucket is then the only link
 * between the regions, so the RPO measured is archive lag + replication lag, what the design's
 * "seconds–minutes" must cover.
 * <p>Failure mode: docs/catalogue.md#region-loss.
 */
public final class RegionLoss implements Scenario {
    private DatabaseCluster standby;

    private static final Info INFO = Info.of("region-loss",
            "primary region lost (primary + its buckets); promote the warm standby fed from the replicated archive, switch to the DR bucket",
            "BitVault DR chapter: region loss, fail over to the warm standby in the DR region", Fault.KILL, Fault.DELETE_BUCKET)
            .needing(Capability.DR_REGION, Capability.DR_STANDBY);

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public Procedure procedure() {
        return Procedure.PROMOTE_DR;
    }

    @Override
    public EnvironmentSpec environment() {
        // CNPG's archive_timeout of 5 min, scaled down 30x like the rest of the game day
        return EnvironmentSpec.DEFAULT.withArchiveTimeout(Duration.ofSeconds(10)).withDrRegion();
    }

    private static DrRegion dr(ScenarioRun run) {
        return run.env().drRegion().orElseThrow(() -> new GameDayException("region-loss needs an environment with a DR region"));
    }

    @Override
    public Workload.Profile workload() {
        return Workload.Profile.DEFAULT.withRate(50);
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        DrRegion dr = dr(run);
        DatabaseCluster primary = run.env().primary();
        standby = run.phase("build-standby", () -> dr.standby(Duration.ofMinutes(5)));
        Runbook.awaitStandbyCaughtUp(run, primary, standby);
        run.fault("primary region lost: primary killed, replication cut, its buckets deleted", () -> {
            run.faults().kill(primary);
            dr.replicator().stop();
            run.faults().deleteBucket(run.env().objectStore().backupBucket());
            run.faults().deleteBucket(run.env().objectStore().appBucket());
        });
        run.measure("replicationMaxLagMs", dr.replicator().maxLag().toMillis());
        run.measure("objectsReplicated", dr.replicator().objectsCopied());
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        DrRegion dr = dr(run);
        run.detect("the primary region's database is unreachable", Duration.ofSeconds(30), () -> Runbook.unreachable(run.env().primary()));
        Runbook.fence(run);
        DatabaseCluster promoted = run.env().recovery().promoteStandby(standby, run);
        Runbook.verify(run, promoted);
        run.switchover(promoted, dr.appBucket());
        // asynchronous by design: a suffix of acknowledged writes may be lost; the targets judge how much
        return Expectation.async(run.faultAt(), run.resumedAt());
    }
}
