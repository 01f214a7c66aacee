package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.EnvironmentSpec.Replication;
import gameday.harness.GameDayException;
import gameday.harness.Scenario;
import gameday.harness.Capability;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.wait.PgWait;
import gameday.harness.check.Expectation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * The CloudNativePG runbook, "Spot node preemption: auto-recovers, 1-2 min"; the BitVault DR chapter, "Pod/node failure: yes".
 * The node under the primary is lost (SIGKILL) and its streaming standby is promoted, as CNPG's
 * failover does; the application follows the read-write service to it. Run once with
 * asynchronous replication (CNPG's default: the commits not yet streamed are the accepted loss)
 * and once with synchronous replication (no acknowledged commit may be lost).
 * <p>Failure mode: docs/catalogue.md#node-loss.
 */
public final class PrimaryFailover implements Scenario {
    private final Replication replication;
    private long replicatedUpTo = -1;

    public PrimaryFailover(Replication replication) {
        if (replication == Replication.NONE) throw new IllegalArgumentException("a failover needs a standby");
        this.replication = replication;
    }

    public static PrimaryFailover async() {
        return new PrimaryFailover(Replication.ASYNC);
    }

    public static PrimaryFailover sync() {
        return new PrimaryFailover(Replication.SYNC);
    }

    @Override
    public Info info() {
        Info info = Info.of(replication == Replication.SYNC ? "primary-failover-sync" : "primary-failover",
                "node loss under the primary; promote the streaming standby (" + replication.name().toLowerCase()
                        + " replication) and switch the application to it (spot node preemption)",
                "CloudNativePG runbook: spot node preemption; BitVault DR chapter: pod/node failure", Fault.KILL);
        return replication == Replication.SYNC ? info.needing(Capability.STREAMING_STANDBY, Capability.SYNC_REPLICATION)
                : info.needing(Capability.STREAMING_STANDBY);
    }

    @Override
    public Procedure procedure() {
        return Procedure.PROMOTE_STANDBY;
    }

    @Override
    public EnvironmentSpec environment() {
        return EnvironmentSpec.DEFAULT.withReplication(replication);
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().primary();
        DatabaseCluster standby = standby(run);
        run.measure("replication", replication.name().toLowerCase());
        if (replication == Replication.ASYNC) replicatedUpTo = confirmReplicated(run, primary, standby);
        run.fault("kill -9 the primary (node lost)", () -> run.faults().kill(primary));
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().primary();
        run.detect("the primary refuses connections", Duration.ofSeconds(30), () -> Runbook.unreachable(primary));
        DatabaseCluster promoted = run.env().recovery().promoteStandby(standby(run), run);
        Runbook.verify(run, promoted);
        run.switchover(promoted);
        Expectation e = Expectation.latest(run.faultAt(), run.resumedAt());
        // synchronous: every acknowledged commit was on the standby, so nothing may be missing
        return replication == Replication.SYNC ? e : e.durableUpTo(replicatedUpTo);
    }

    private static DatabaseCluster standby(ScenarioRun run) {
        return run.env().standby().orElseThrow(() -> new GameDayException("the environment has no streaming standby"));
    }

    /**
     * Asynchronous replication promises nothing for the newest commits, so the checker needs to
     * know what surely was on the standby: every commit acknowledged before {@code t} has an LSN
     * below the primary's current LSN read after {@code t}, and once the standby has received
     * that LSN, those commits survive a promotion. Also records the standby's lag just before the fault.
     */
    private static long confirmReplicated(ScenarioRun run, DatabaseCluster primary, DatabaseCluster standby) throws Exception {
        long t = run.clock().now();
        String lsn;
        try (Connection c = primary.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pg_current_wal_lsn()::text, (SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)::bigint FROM pg_stat_replication LIMIT 1)")) {
            rs.next();
            lsn = rs.getString(1);
            run.measure("standbyLagBytes", rs.getLong(2));
        }
        PgWait.receivedPast(standby, lsn).atMost(Duration.ofSeconds(30)).pollEvery(Duration.ofMillis(5)).await();
        return t;
    }
}
