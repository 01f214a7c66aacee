package gameday.harness.k8s;

import gameday.harness.DatabaseCluster;
import gameday.harness.Phases;
import gameday.harness.Recovery;
import java.time.Duration;
import java.time.Instant;

/**
 * The runbook's recovery with the real operator: a new {@code Cluster} bootstrapped from the
 * damaged one's archive (never the damaged cluster itself), archiving under its own server name.
 * CNPG restores the base backup, replays and promotes inside one bootstrap, so the phases are
 * "restore" (until Ready) and "archiving" (until the new archive works).
 */
public final class K8sRecovery implements Recovery {
    private final CnpgOrchestrator k;
    private final K8sEnvironment env;
    private final Duration archiveTimeout;
    private int generation;

    K8sRecovery(CnpgOrchestrator k, K8sEnvironment env, Duration archiveTimeout) {
        this.k = k;
        this.env = env;
        this.archiveTimeout = archiveTimeout;
    }

    @Override
    public DatabaseCluster pitr(Instant target, Phases phases) {
        return restore(target, phases);
    }

    @Override
    public DatabaseCluster latest(Phases phases) {
        return restore(null, phases);
    }

    private DatabaseCluster restore(Instant target, Phases phases) {
        String source = env.endpoint().cluster().serverName();
        String name = env.primary().name() + "-recovered-" + (++generation);
        int instances = k.manifests().options().instances();
        phases.phase("restore", () -> {
            phases.note("restoring " + source + (target == null ? " to the end of its archive" : " to " + target) + " into " + name);
            k.apply("recovery Cluster " + name + " from " + source, k.manifests().recoveryCluster(name, source, name,
                    env.backupBucket(), target, archiveTimeout));
            k.awaitReady(name, instances);
        });
        phases.phase("archiving", () -> k.awaitArchiving(name));
        return env.track(new CnpgCluster(k, name, name, instances));
    }

    /**
     * Region loss, before the fault: a replica cluster in the DR region ({@code region}), fed from
     * the origin's archive replicated into {@code drBucket} ({@link K8sDrRegion} runs the replication).
     */
    CnpgCluster replica(CnpgOrchestrator region, String drBucket, Phases phases) {
        String name = "pg-dr";
        int instances = region.manifests().options().instances();
        phases.phase("provision-replica", () -> {
            region.apply("replica Cluster " + name + " in the DR region following " + env.primary().serverName() + " from bucket " + drBucket,
                    region.manifests().replicaCluster(name, env.primary().serverName(), name, drBucket, archiveTimeout));
            region.awaitReady(name, instances);
        });
        return env.track(new CnpgCluster(region, name, name, instances));
    }

    /** Region loss, after the fault: the replica stops following and serves writes, archiving to its region's bucket. */
    public DatabaseCluster promote(CnpgCluster replica, Phases phases) {
        CnpgOrchestrator region = replica.orchestrator();
        phases.phase("promote", () -> region.promoteReplica(replica.name(), region.manifests().options().instances()));
        phases.phase("archiving", () -> phases.note("WAL up to " + region.awaitArchivingAfterPromotion(replica.name()) + " archived by the promoted "
                + replica.name()));
        return replica;
    }

    @Override
    public DatabaseCluster promoteStandby(DatabaseCluster standby, Phases phases) {
        if (!(standby instanceof CnpgCluster replica)) throw new gameday.harness.GameDayException(standby.name() + " is not a CNPG cluster");
        return promote(replica, phases);
    }

    /** Objects copied back from the DR region's replica bucket, through the same S3 API as on every substrate. */
    @Override
    public long restoreObjects(String replica, String bucket, Phases phases) {
        return phases.phase("restore-objects", () -> {
            if (!k.step("s3", "copy the missing and overwritten objects of s3://" + bucket + " back from s3://" + replica)) return 0L;
            long n = gameday.harness.s3.Buckets.restore(env.client(), replica, bucket);
            phases.note(n + " objects copied back from " + replica + " into " + bucket);
            phases.measure("objectsCopiedBack", n);
            return n;
        });
    }
}
