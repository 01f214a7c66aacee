package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.DatabaseCluster;
import gameday.harness.Scenario;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.check.Expectation;
import java.time.Duration;

/**
 * The CloudNativePG runbook, "Pod crash: auto-recovers, downtime seconds"; the BitVault DR chapter, "Pod/node failure: K8s
 * reschedules". The postmaster is killed with SIGKILL mid-workload and restarted on the same
 * data directory, as the operator restarts the pod on its volume: crash recovery replays the
 * local WAL, so every acknowledged (fsynced) commit must survive.
 * <p>Failure mode: docs/catalogue.md#process-crash.
 */
public final class ProcessCrash implements Scenario {
    private static final Info INFO = Info.of("process-crash",
            "kill -9 of the PostgreSQL primary; restart on the same data directory (crash recovery), as the operator does",
            "BitVault DR chapter: pod/node failure (rescheduled on its volume)", Fault.KILL);

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public Procedure procedure() {
        return Procedure.RESTART;
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        run.fault("kill -9 the primary", () -> run.faults().kill(run.env().primary()));
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().primary();
        run.detect("the primary refuses connections", Duration.ofSeconds(30), () -> Runbook.unreachable(primary));
        // the same data directory, no restore: this is the operator's restart, and what it costs is crash recovery
        run.phase("restart", () -> primary.start(Runbook.START_TIMEOUT));
        Runbook.verify(run, primary);
        run.switchover(primary);
        return Expectation.latest(run.faultAt(), run.resumedAt());
    }
}
