package gameday.harness.k8s;

import gameday.harness.DatabaseCluster;
import gameday.harness.DrRegion;
import gameday.harness.GameDayException;
import gameday.harness.Phases;
import gameday.harness.s3.Replicator;
import gameday.harness.wait.Wait;
import java.time.Duration;
import java.util.List;

/**
 * The second region on Kubernetes (docs/catalogue.md#warm-standby): a namespace of its own
 * ({@code <namespace>-dr}) with its own object store, the DR buckets and, in the plugin form, their
 * {@code ObjectStore}; the harness's {@link Replicator} fills them from the primary region's buckets
 * as cross-region replication would; and a CNPG replica cluster there whose only source is the
 * replicated archive ({@code replica.enabled} with an object-store {@code externalClusters} entry).
 * The S3 server pod is shared, because the application's one S3 client must reach both regions'
 * buckets; the buckets, their credentials secret and the clusters are per region.
 */
final class K8sDrRegion implements DrRegion {
    static final String BACKUP_BUCKET = "backups-dr";
    static final String APP_BUCKET = "app-dr";

    private final CnpgOrchestrator region;
    private final K8sEnvironment env;
    private final Replicator replicator;
    private CnpgCluster standby;

    /** Builds the namespace, its credentials and object store; replication starts when the buckets exist. */
    K8sDrRegion(CnpgOrchestrator region, K8sEnvironment env, String accessKey, String secretKey, String superuserPassword) {
        this.region = region;
        this.env = env;
        CnpgManifests m = region.manifests();
        region.createNamespace();
        // the same superuser secret as the primary region's: the promoted replica keeps the source's password
        region.apply("S3 and superuser credentials of the DR region (the same S3 server, its own buckets)", m.s3Secret(accessKey, secretKey),
                m.superuserSecret(superuserPassword));
        if (m.options().backupForm() == BackupForm.PLUGIN)
            region.apply("Barman Cloud Plugin ObjectStore of the DR region's backup bucket " + BACKUP_BUCKET,
                    m.objectStore(CnpgManifests.objectStoreName(BACKUP_BUCKET), BACKUP_BUCKET));
        // the WAL archive first in each pass: an object a replicated commit references was uploaded before it
        replicator = region.dryRun() ? null : new Replicator(env.client(), List.of(new Replicator.Pair(K8sEnvironment.BACKUP_BUCKET, BACKUP_BUCKET, false),
                new Replicator.Pair(K8sEnvironment.APP_BUCKET, APP_BUCKET, true)), Duration.ofMillis(500));
        if (region.step("s3", "replicate s3://" + K8sEnvironment.BACKUP_BUCKET + " -> s3://" + BACKUP_BUCKET + " and s3://"
                + K8sEnvironment.APP_BUCKET + " -> s3://" + APP_BUCKET + " (the harness's Replicator, through the S3 port-forward)"))
            replicator.start();
    }

    CnpgOrchestrator orchestrator() {
        return region;
    }

    @Override
    public String backupBucket() {
        return BACKUP_BUCKET;
    }

    @Override
    public String appBucket() {
        return APP_BUCKET;
    }

    @Override
    public Replicator replicator() {
        if (replicator == null) throw new GameDayException("dry-run: no replication runs");
        return replicator;
    }

    /**
     * The replica cluster, once: CNPG bootstraps it from a base backup in the DR bucket, so the wait
     * for the replicated base backup comes first (a bootstrap without one fails).
     */
    @Override
    public synchronized DatabaseCluster standby(Duration timeout) {
        if (standby != null) return standby;
        String source = env.primary().serverName();
        String prefix = source + "/base/";
        if (region.step("wait", "a base backup of " + source + " replicated to s3://" + BACKUP_BUCKET + "/" + prefix))
            Wait.forThe("a base backup of " + source + " replicated to " + BACKUP_BUCKET).atMost(timeout).pollEvery(Duration.ofSeconds(1))
                    .until(() -> env.newestObject(BACKUP_BUCKET, prefix).isPresent());
        standby = env.k8sRecovery().replica(region, BACKUP_BUCKET, Phases.NONE);
        return standby;
    }

    /** Cuts replication (the run's end); the namespace goes with the environment's. */
    void stop() {
        if (replicator != null) replicator.stop();
    }
}
