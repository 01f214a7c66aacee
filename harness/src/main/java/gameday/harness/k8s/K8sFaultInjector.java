package gameday.harness.k8s;

import gameday.harness.DatabaseCluster;
import gameday.harness.FaultInjector;
import gameday.harness.GameDayException;

/**
 * Faults through the Kubernetes API: the target {@code Cluster} must carry this run's label. (The
 * orchestrator checks the label again on the pod or Cluster it deletes, as it does for every write.)
 */
final class K8sFaultInjector extends FaultInjector {
    private final CnpgOrchestrator k;
    private final K8sEnvironment env;

    K8sFaultInjector(CnpgOrchestrator k, K8sEnvironment env) {
        super(k.manifests().options().flavour(), K8sSubstrate.SUPPORT.faults(), env);
        this.k = k;
        this.env = env;
    }

    @Override
    protected void requireOwned(DatabaseCluster cluster, String action) {
        if (!(cluster instanceof CnpgCluster))
            throw new GameDayException("refusing to " + action + " " + cluster.name() + ": it is not a CNPG Cluster of this run");
        if (!k.dryRun()) k.manifests().owner().require(k.cluster(cluster.name()));
    }

    @Override
    protected void requireOwnedBucket(String bucket, String action) {
        if (!K8sEnvironment.ownsBucket(bucket))
            throw new GameDayException("refusing to " + action + " " + bucket + ": this environment did not create it");
    }

    @Override
    protected void killServer(DatabaseCluster cluster) {
        CnpgOrchestrator.PodState pod = ((CnpgCluster) cluster).kill();
        // the choice belongs in the record: 0 would remove the Pod object while its container may still run on the volume
        journal().note("primary pod " + pod.name() + " deleted with grace period " + CnpgOrchestrator.KILL_GRACE_SECONDS
                + " s, CNPG e2e's quick deletion period (tests/e2e/suite_test.go)");
        journal().measure("podDeletionGracePeriodSeconds", CnpgOrchestrator.KILL_GRACE_SECONDS);
    }

    @Override
    protected void destroyCluster(DatabaseCluster cluster) {
        ((CnpgCluster) cluster).destroy();
    }

    @Override
    protected void removeBucket(String bucket) {
        env.deleteBucket(bucket);
    }
}
