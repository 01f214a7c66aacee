package gameday.harness.k8s;

import gameday.harness.DatabaseCluster;
import gameday.harness.Endpoint;
import gameday.harness.Environment;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.ObjectStore;
import gameday.harness.Recovery;
import gameday.harness.check.BackupHealth;
import gameday.harness.s3.Secrets;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One game-day namespace per scenario: an S3 server pod with the backup and app buckets, a CNPG
 * {@code Cluster} archiving to it, the application's ExternalName service and, when the scenario
 * asks for it, the DR region ({@link K8sDrRegion}) in a second namespace. Closing it deletes the
 * namespaces (after checking the label) or, for k3s, the whole disposable cluster.
 */
public final class K8sEnvironment implements Environment, ObjectStore {
    public static final String BACKUP_BUCKET = "backups";
    public static final String APP_BUCKET = "app";
    public static final String PRIMARY = "pg-main";
    public static final String APP_SERVICE = "app-db";

    private final CnpgOrchestrator k;
    private final K8sOptions options;
    private final EnvironmentSpec spec;
    private final AutoCloseable cluster;
    private final List<CnpgCluster> clusters = new ArrayList<>();
    private final String accessKey = Secrets.randomHex(10);
    private final String secretKey = Secrets.randomHex(20);
    private final String superuserPassword = Secrets.randomHex(20);
    private LocalPortForward s3Forward;
    private MinioClient s3;
    private CnpgCluster primary;
    private Endpoint endpoint;
    private K8sRecovery recovery;
    private K8sDrRegion dr;

    K8sEnvironment(CnpgOrchestrator k, K8sOptions options, EnvironmentSpec spec, AutoCloseable cluster) {
        this.k = k;
        this.options = options;
        this.spec = spec;
        this.cluster = cluster;
    }

    /** The steps that build the environment; in dry-run they are only recorded in the plan. */
    K8sEnvironment provision() {
        CnpgManifests m = k.manifests();
        OperatorInstall.plan(k.plan(), options);
        if (!k.dryRun()) OperatorInstall.run(k.client(), options);
        k.createNamespace();
        k.apply("S3 and superuser credentials (random per environment)", m.s3Secret(accessKey, secretKey), m.superuserSecret(superuserPassword));
        k.apply("S3 server " + options.s3() + " (" + options.s3().image + ")", m.s3Deployment(), m.s3Service());
        k.awaitDeploymentReady(CnpgManifests.S3_NAME);
        List<String> buckets = spec.drRegion() ? List.of(BACKUP_BUCKET, APP_BUCKET, K8sDrRegion.BACKUP_BUCKET, K8sDrRegion.APP_BUCKET)
                : List.of(BACKUP_BUCKET, APP_BUCKET);
        if (k.step("s3", "create buckets " + String.join(", ", buckets) + " through a port-forward to " + CnpgManifests.S3_NAME
                + " (retried until the server answers)"))
            openS3(buckets);
        if (options.backupForm() == BackupForm.PLUGIN)
            k.apply("Barman Cloud Plugin ObjectStore for the backup bucket", m.objectStore(CnpgManifests.objectStoreName(BACKUP_BUCKET), BACKUP_BUCKET));
        k.apply("Cluster " + PRIMARY + " archiving to s3://" + BACKUP_BUCKET + "/" + PRIMARY + " (" + options.backupForm() + ")",
                m.cluster(PRIMARY, PRIMARY, BACKUP_BUCKET, spec.archiveTimeout()));
        k.apply("application service " + APP_SERVICE + " (ExternalName) pointing at " + PRIMARY, m.appService(APP_SERVICE, PRIMARY));
        k.awaitReady(PRIMARY, options.instances());
        k.awaitArchiving(PRIMARY);
        primary = track(new CnpgCluster(k, PRIMARY, PRIMARY, options.instances()));
        endpoint = new Endpoint(primary, APP_BUCKET);
        // the real switchover: the application's service moves before the harness's own pointer
        endpoint.onSwitch(c -> k.switchoverTo(APP_SERVICE, ((CnpgCluster) c).rwHost()));
        recovery = new K8sRecovery(k, this, spec.archiveTimeout());
        if (spec.drRegion()) {
            CnpgOrchestrator region = new CnpgOrchestrator(k.client(), m.inRegion(m.namespace() + K8sOptions.DR_SUFFIX), k.plan(), k.dryRun(),
                    options.timeout());
            dr = new K8sDrRegion(region, this, accessKey, secretKey, superuserPassword);
        }
        return this;
    }

    private void openS3(List<String> buckets) {
        s3Forward = k.client().services().inNamespace(k.manifests().namespace()).withName(CnpgManifests.S3_NAME).portForward(CnpgManifests.S3_PORT);
        s3 = MinioClient.builder().endpoint(url()).region("us-east-1").credentials(accessKey, secretKey).build();
        gameday.harness.s3.Buckets.create(s3, buckets, options.timeout(), CnpgManifests.S3_NAME + " in " + k.manifests().namespace());
    }

    @Override
    public Optional<gameday.harness.DrRegion> drRegion() {
        return Optional.ofNullable(dr);
    }

    CnpgCluster track(CnpgCluster c) {
        clusters.add(c);
        return c;
    }

    public CnpgOrchestrator orchestrator() {
        return k;
    }

    /** Only the buckets of this environment's own S3 pod. */
    static boolean ownsBucket(String bucket) {
        return List.of(BACKUP_BUCKET, APP_BUCKET, K8sDrRegion.BACKUP_BUCKET, K8sDrRegion.APP_BUCKET).contains(bucket);
    }

    private int deleteObjects(String bucket, String prefix) {
        if (!k.step("fault", "delete every object under s3://" + bucket + "/" + prefix)) return 0;
        int n = 0;
        try {
            for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(r.get().objectName()).build());
                n++;
            }
        } catch (Exception e) {
            throw new GameDayException("deleting objects under s3://" + bucket + "/" + prefix + " failed after " + n + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** The fault ({@link K8sFaultInjector}): a bucket of this environment's S3 pod emptied and removed. */
    void deleteBucket(String bucket) {
        deleteObjects(bucket, "");
        if (k.dryRun()) return;
        try {
            s3.removeBucket(io.minio.RemoveBucketArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw new GameDayException("cannot delete bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** The newest object under a prefix: the bucket side of the backup health checks. */
    public Optional<Instant> newestObject(String bucket, String prefix) {
        Instant newest = null;
        try {
            for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Instant t = r.get().lastModified().toInstant();
                if (newest == null || t.isAfter(newest)) newest = t;
            }
        } catch (Exception e) {
            throw new GameDayException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
        return Optional.ofNullable(newest);
    }

    /** The backup health checker of a cluster here, read from CNPG's status and the backup bucket. */
    public BackupHealth backupHealth(DatabaseCluster c, Duration maxBackupAge, Duration maxWalAge) {
        return new BackupHealth(new CnpgBackupSource(k, c.name(), c.serverName(), BACKUP_BUCKET, this::newestObject), maxBackupAge, maxWalAge);
    }

    @Override
    public String name() {
        return k.manifests().namespace();
    }

    @Override
    public DatabaseCluster primary() {
        return primary;
    }

    @Override
    public ObjectStore objectStore() {
        return this;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Recovery recovery() {
        return recovery;
    }

    @Override
    public gameday.harness.FaultInjector faults() {
        return new K8sFaultInjector(k, this);
    }

    /** A team's --recovery-command runs against this cluster with kubectl: see {@link K8sRunbookSite}. */
    @Override
    public java.util.Optional<gameday.harness.run.RecoveryCommand.Site> commandSite() {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + k.manifests().owner().runId(), "runbook");
        java.util.Map<String, String> vars = new java.util.LinkedHashMap<>();
        try {
            java.nio.file.Files.createDirectories(root);
            if (cluster instanceof org.testcontainers.k3s.K3sContainer k3s) {
                java.nio.file.Path kubeconfig = root.resolve("kubeconfig");
                java.nio.file.Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
                java.nio.file.Files.setPosixFilePermissions(kubeconfig, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                vars.put("KUBECONFIG", kubeconfig.toString());
            } else if (options.kubeconfig() != null) {
                vars.put("KUBECONFIG", options.kubeconfig().toString());
                vars.put("GAMEDAY_KUBE_CONTEXT", options.context());
            }
        } catch (java.io.IOException e) {
            throw new GameDayException("cannot write the recovery command's kubeconfig: " + e.getMessage());
        }
        CnpgManifests m = k.manifests();
        vars.put("GAMEDAY_BACKUP_FORM", options.backupForm() == BackupForm.PLUGIN ? "plugin" : "in-tree");
        vars.put("GAMEDAY_OBJECT_STORE", CnpgManifests.objectStoreName(BACKUP_BUCKET));
        vars.put("GAMEDAY_DESTINATION_PATH", "s3://" + BACKUP_BUCKET + "/");
        vars.put("GAMEDAY_S3_ENDPOINT", m.s3Url());
        vars.put("GAMEDAY_S3_SECRET", CnpgManifests.S3_SECRET);
        vars.put("GAMEDAY_SERVER_NAME", endpoint.cluster().serverName());
        vars.put("GAMEDAY_IMAGE", options.postgresImage());
        vars.put("AWS_ACCESS_KEY_ID", accessKey);
        vars.put("AWS_SECRET_ACCESS_KEY", secretKey);
        return java.util.Optional.of(new K8sRunbookSite(k, root, APP_SERVICE, endpoint.cluster().name(), options.instances(), vars,
                java.util.List.of(accessKey, secretKey)));
    }

    public K8sRecovery k8sRecovery() {
        return recovery;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + s3Forward.getLocalPort();
    }

    @Override
    public MinioClient client() {
        return s3;
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
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("substrate", options.flavour());
        f.put("namespace", k.manifests().namespace());
        if (options.flavour().equals("k3s")) f.put("k3s", K8sOptions.K3S_IMAGE);
        else f.put("context", options.context());
        f.put("cnpg", K8sOptions.CNPG_MANIFEST.replaceAll(".*/", ""));
        f.put("backupForm", options.backupForm().name());
        f.put("postgresImage", options.postgresImage());
        f.put("objectStore", options.s3().image);
        f.put("archiveTimeoutSeconds", spec.archiveTimeout().toSeconds());
        f.put("clusterDomain", options.clusterDomainOrDefault());
        if (dr != null) f.put("drRegion", "namespace " + dr.orchestrator().manifests().namespace() + ", buckets " + dr.backupBucket() + ", "
                + dr.appBucket() + "; replica cluster fed from the replicated archive");
        return f;
    }

    @Override
    public void close() {
        if (dr != null) dr.stop();
        clusters.forEach(CnpgCluster::closeForward);
        try {
            if (s3Forward != null) s3Forward.close();
        } catch (Exception ignored) {
            // a local socket; the process exit closes it anyway
        }
        try {
            // on an existing cluster the namespace goes, and only if it is ours; a k3s container goes whole
            if (options.flavour().equals("kubernetes")) {
                // deletion is asynchronous (CNPG's pods take their time); the next scenario uses a namespace of its own
                if (dr != null) dr.orchestrator().deleteNamespace();
                k.deleteNamespace();
            }
        } finally {
            k.client().close();
            try {
                if (cluster != null) cluster.close();
            } catch (Exception e) {
                throw new GameDayException("cannot stop the k3s container: " + e.getMessage(), e);
            }
        }
    }
}
