package gameday.harness.local;

import gameday.harness.DatabaseCluster;
import gameday.harness.FaultInjector;
import gameday.harness.GameDayException;

/** Faults on this machine: signals to the server processes, files in their data directories, buckets of the local store. */
final class LocalFaultInjector extends FaultInjector {
    private final String runId;
    private final LocalEnvironment env;

    /** {@code env} is null where only clusters are targeted (the ownership tests). */
    LocalFaultInjector(String runId, LocalEnvironment env) {
        super("local", LocalSubstrate.SUPPORT.faults(), env == null ? null : env.store());
        this.runId = runId;
        this.env = env;
    }

    /** The data directory must carry this run's ownership marker. */
    @Override
    protected void requireOwned(DatabaseCluster cluster, String action) {
        if (!(cluster instanceof LocalCluster local))
            throw new GameDayException("refusing to " + action + " " + cluster.name() + ": it is not a server of the local substrate");
        OwnerMarker.require(local.dataDir(), runId, action);
    }

    @Override
    protected void requireOwnedBucket(String bucket, String action) {
        if (env == null || !env.store().ownsBucket(bucket))
            throw new GameDayException("refusing to " + action + " " + bucket + ": this environment did not create it");
    }

    @Override
    protected void killServer(DatabaseCluster cluster) {
        ((LocalCluster) cluster).kill();
    }

    @Override
    protected void destroyCluster(DatabaseCluster cluster) {
        ((LocalCluster) cluster).destroy();
    }

    @Override
    protected void breakArchivingOf(DatabaseCluster cluster) {
        ((LocalCluster) cluster).breakArchiving();
    }

    @Override
    protected void corruptBlockOf(DatabaseCluster cluster, String table, long block) {
        ((LocalCluster) cluster).corruptBlock(table, block);
    }

    @Override
    protected void removeBucket(String bucket) {
        env.store().deleteBucket(bucket);
    }
}
