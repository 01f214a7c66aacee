package gameday.harness.k8s;

import gameday.harness.EnvironmentSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every manifest the Kubernetes substrates apply, as plain data. Core kinds use fabric8's typed
 * builders (the compiler checks their fields); CNPG and plugin resources are generic maps, which
 * is why the tests validate them against the CRD schemas of the pinned manifests.
 */
public final class CnpgManifests {
    public static final String CNPG_API = "postgresql.cnpg.io/v1";
    public static final String PLUGIN_API = "barmancloud.cnpg.io/v1";
    public static final String PLUGIN_NAME = "barman-cloud.cloudnative-pg.io";
    public static final String S3_NAME = "gameday-s3";
    public static final String S3_SECRET = "gameday-s3-credentials";
    /**
     * The superuser's secret, the same in both regions: CNPG manages the superuser's password when a
     * replica cluster is promoted, so it stays the source's only if every Cluster names the same
     * secret (docs/src/replica_cluster.md at v1.30.0, "Distributed Topology").
     */
    public static final String SUPERUSER_SECRET = "gameday-superuser";
    public static final int S3_PORT = 9000;
    /** The name both archive and recovery clusters give the external source in {@code externalClusters}. */
    public static final String SOURCE = "origin";
    private static final DateTimeFormatter TARGET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final String namespace;
    private final K8sOptions options;
    private final OwnerLabel owner;
    /** Where the S3 server pod runs: the DR region's clusters reach the one S3 server across namespaces. */
    private final String s3Namespace;
    private final int walMaxParallel;
    private TeamCluster team; // --cluster-manifest: the team's Cluster is the primary's

    public CnpgManifests(String namespace, K8sOptions options, OwnerLabel owner) {
        this(namespace, options, owner, EnvironmentSpec.DEFAULT_WAL_MAX_PARALLEL);
    }

    /** @param walMaxParallel {@link EnvironmentSpec#walMaxParallel()}: the same prefetch as the local substrate's recoveries */
    public CnpgManifests(String namespace, K8sOptions options, OwnerLabel owner, int walMaxParallel) {
        this(namespace, options, owner, walMaxParallel, namespace);
    }

    private CnpgManifests(String namespace, K8sOptions options, OwnerLabel owner, int walMaxParallel, String s3Namespace) {
        this.namespace = namespace;
        this.options = options;
        this.owner = owner;
        this.walMaxParallel = walMaxParallel;
        this.s3Namespace = s3Namespace;
    }

    /** The manifests of another namespace (the DR region) whose clusters use this namespace's S3 server. */
    public CnpgManifests inRegion(String ns) {
        return new CnpgManifests(ns, options, owner, walMaxParallel, s3Namespace);
    }

    /** Builds the primary from the team's own Cluster manifest ({@code --cluster-manifest}). */
    public CnpgManifests withTeamCluster(TeamCluster team) {
        this.team = team;
        return this;
    }

    /** The primary {@code name} from the team's manifest, rewritten for the disposable store; empty without one. */
    public java.util.Optional<TeamCluster.Rewritten> teamCluster(String name, String serverName, String bucket, Duration archiveTimeout) {
        if (team == null) return java.util.Optional.empty();
        return java.util.Optional.of(team.rewrite(this, ownCluster(name, serverName, bucket, archiveTimeout), archiveTimeout));
    }

    public K8sOptions options() {
        return options;
    }

    public OwnerLabel owner() {
        return owner;
    }

    public String namespace() {
        return namespace;
    }

    public Namespace namespaceResource() {
        return new NamespaceBuilder().withNewMetadata().withName(namespace).withLabels(Map.of(OwnerLabel.LABEL, owner.runId())).endMetadata().build();
    }

    /** The S3 credentials, in the key names CNPG's examples use; the values never leave the cluster and this process. */
    public Secret s3Secret(String accessKey, String secretKey) {
        return new SecretBuilder().withMetadata(meta(S3_SECRET)).withType("Opaque")
                .withStringData(Map.of("ACCESS_KEY_ID", accessKey, "ACCESS_SECRET_KEY", secretKey)).build();
    }

    /** What {@code superuserSecret} needs: a basic-auth secret with the user name and password. */
    public Secret superuserSecret(String password) {
        return new SecretBuilder().withMetadata(meta(SUPERUSER_SECRET)).withType("kubernetes.io/basic-auth")
                .withStringData(Map.of("username", "postgres", "password", password)).build();
    }

    /**
     * One S3 server pod on an emptyDir: the bucket is as disposable as the rest of the namespace.
     * Ready means the server answers its HTTP health endpoint, not merely that the port is open.
     * RustFS runs as CNPG's e2e runs it (tests/utils/objectstore/objectstore.go at v1.30.0): data
     * and logs on separate volumes, liveness and readiness on {@code GET /health}.
     */
    public Deployment s3Deployment() {
        S3Flavour s3 = options.s3();
        var container = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("s3").withImage(s3.image)
                .withImagePullPolicy("IfNotPresent").addNewPort().withContainerPort(S3_PORT).withName("s3").endPort()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount();
        if (s3 == S3Flavour.MINIO) {
            // MinIO's own readiness endpoint (docs: "Healthcheck API", /minio/health/ready)
            container.withArgs("server", "/data").addToEnv(secretEnv("MINIO_ROOT_USER", "ACCESS_KEY_ID"),
                    secretEnv("MINIO_ROOT_PASSWORD", "ACCESS_SECRET_KEY"))
                    .withNewReadinessProbe().withNewHttpGet().withPath("/minio/health/ready").withPort(new IntOrString(S3_PORT)).endHttpGet()
                    .endReadinessProbe();
        } else {
            container.withCommand("/usr/bin/rustfs").addToEnv(env("RUSTFS_ADDRESS", ":" + S3_PORT), env("RUSTFS_VOLUMES", "/data"),
                    env("RUSTFS_REGION", "us-east-1"), env("RUSTFS_CONSOLE_ENABLE", "false"), env("RUSTFS_OBS_LOG_DIRECTORY", "/logs"),
                    secretEnv("RUSTFS_ACCESS_KEY", "ACCESS_KEY_ID"), secretEnv("RUSTFS_SECRET_KEY", "ACCESS_SECRET_KEY"))
                    .addNewVolumeMount().withName("logs").withMountPath("/logs").endVolumeMount()
                    .withNewLivenessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(S3_PORT)).endHttpGet()
                    .withInitialDelaySeconds(30).endLivenessProbe()
                    .withNewReadinessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(S3_PORT)).endHttpGet()
                    .withInitialDelaySeconds(30).endReadinessProbe();
        }
        Map<String, String> app = Map.of("app.kubernetes.io/name", S3_NAME);
        return new DeploymentBuilder().withMetadata(meta(S3_NAME)).withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(app).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(app).endMetadata().withNewSpec()
                // RustFS runs as a non-root user: fsGroup lets it write the emptyDir
                .withNewSecurityContext().withFsGroup(10001L).endSecurityContext()
                .withContainers(container.build())
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("logs").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    public Service s3Service() {
        return new ServiceBuilder().withMetadata(meta(S3_NAME)).withNewSpec().withSelector(Map.of("app.kubernetes.io/name", S3_NAME))
                .addNewPort().withName("s3").withPort(S3_PORT).withTargetPort(new IntOrString(S3_PORT)).endPort().endSpec().build();
    }

    public String s3Url() {
        return "http://" + S3_NAME + "." + s3Namespace + ".svc:" + S3_PORT;
    }

    /** The plugin's {@code ObjectStore}: where WAL and base backups of any server name in this bucket go. */
    public GenericKubernetesResource objectStore(String name, String bucket) {
        Map<String, Object> spec = map("configuration", barmanConfiguration(bucket, null), "retentionPolicy", "7d");
        return cr(PLUGIN_API, "ObjectStore", name, spec);
    }

    /** A new cluster that archives under {@code serverName}: the team's, rewritten, when it gave one. */
    public GenericKubernetesResource cluster(String name, String serverName, String bucket, Duration archiveTimeout) {
        return teamCluster(name, serverName, bucket, archiveTimeout).map(TeamCluster.Rewritten::cluster)
                .orElseGet(() -> ownCluster(name, serverName, bucket, archiveTimeout));
    }

    private GenericKubernetesResource ownCluster(String name, String serverName, String bucket, Duration archiveTimeout) {
        Map<String, Object> spec = baseSpec(archiveTimeout);
        spec.put("bootstrap", map("initdb", map("database", "app", "owner", "app", "dataChecksums", true)));
        archiveTo(spec, name, serverName, bucket);
        return cr(CNPG_API, "Cluster", name, spec);
    }

    /**
     * The runbook's restore: a new cluster bootstrapped from {@code sourceServer}'s backups, replaying
     * WAL up to {@code target} (or all of it when null), and archiving under its own {@code serverName}
     * because CNPG refuses to archive into a folder that already holds WAL.
     */
    public GenericKubernetesResource recoveryCluster(String name, String sourceServer, String serverName, String bucket, Instant target,
                                                     Duration archiveTimeout) {
        if (sourceServer.equals(serverName))
            throw new IllegalArgumentException("the recovered cluster must archive under a server name other than its source's " + sourceServer);
        Map<String, Object> spec = baseSpec(archiveTimeout);
        Map<String, Object> recovery = map("source", SOURCE);
        if (target != null) recovery.put("recoveryTarget", map("targetTime", targetTime(target)));
        spec.put("bootstrap", map("recovery", recovery));
        spec.put("externalClusters", List.of(externalSource(sourceServer, bucket)));
        archiveTo(spec, name, serverName, bucket);
        return cr(CNPG_API, "Cluster", name, spec);
    }

    /**
     * A replica cluster in the DR region, fed from the origin's archive in the replicated bucket
     * {@code bucket}; it archives under its own server name once promoted.
     */
    public GenericKubernetesResource replicaCluster(String name, String sourceServer, String serverName, String bucket, Duration archiveTimeout) {
        GenericKubernetesResource c = recoveryCluster(name, sourceServer, serverName, bucket, null, archiveTimeout);
        spec(c).put("replica", map("enabled", true, "source", SOURCE));
        return c;
    }

    /** Region loss: the origin is gone, so the replica is detached and promoted (no demotion token to wait for). */
    public static Map<String, Object> promotePatch() {
        return map("spec", map("replica", map("enabled", false)));
    }

    /** The application's stable name, pointing at a cluster's read-write service. */
    public Service appService(String name, String cluster) {
        return new ServiceBuilder().withMetadata(meta(name)).withNewSpec().withType("ExternalName").withExternalName(rwHost(cluster))
                .endSpec().build();
    }

    /** The switchover: one merge patch on the ExternalName service. */
    public static Map<String, Object> switchoverPatch(String host) {
        return map("spec", map("externalName", host));
    }

    /** The fully qualified name an ExternalName needs (a CNAME is not expanded by search domains). */
    public String rwHost(String cluster) {
        return cluster + "-rw." + namespace + ".svc." + options.clusterDomainOrDefault();
    }

    /** An on-demand base backup through whichever form the cluster archives with. */
    public GenericKubernetesResource backup(String name, String cluster) {
        Map<String, Object> spec = map("cluster", map("name", cluster));
        if (options.backupForm() == BackupForm.PLUGIN) {
            spec.put("method", "plugin");
            spec.put("pluginConfiguration", map("name", PLUGIN_NAME));
        } else {
            spec.put("method", "barmanObjectStore");
        }
        return cr(CNPG_API, "Backup", name, spec);
    }

    public static String objectStoreName(String bucket) {
        return "store-" + bucket;
    }

    public static String targetTime(Instant t) {
        return TARGET_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    /**
     * {@code gameday drill}'s restore, read-only by construction: a Cluster bootstrapped from the
     * team's archive ({@code source}, through {@code secret}), with no {@code backup} section and no
     * WAL-archiving plugin, named {@code name} (CNPG's default serverName), which must differ from
     * the source's server name. {@code recoveryTarget} as CNPG takes it; null: the end of the archive.
     */
    public GenericKubernetesResource drillCluster(String name, DrillSource source, Map<String, Object> recoveryTarget, String image, String storage) {
        if (name.equals(source.serverName()))
            throw new IllegalArgumentException("the drill's Cluster must have a name other than its source's server name " + name);
        Map<String, Object> spec = commonSpec(image, storage);
        spec.put("instances", 1);
        Map<String, Object> recovery = map("source", SOURCE);
        if (recoveryTarget != null) recovery.put("recoveryTarget", recoveryTarget);
        spec.put("bootstrap", map("recovery", recovery));
        spec.put("externalClusters", List.of(options.backupForm() == BackupForm.PLUGIN
                ? map("name", SOURCE, "plugin", map("name", PLUGIN_NAME, "parameters", map("barmanObjectName", DRILL_SOURCE, "serverName", source.serverName())))
                : map("name", SOURCE, "barmanObjectStore", drillConfiguration(source))));
        return cr(CNPG_API, "Cluster", name, spec);
    }

    /** The drill's {@code ObjectStore} in the plugin form: the team's archive, read through the drill's secret. */
    public GenericKubernetesResource drillObjectStore(DrillSource source) {
        return cr(PLUGIN_API, "ObjectStore", DRILL_SOURCE, map("configuration", drillConfiguration(source)));
    }

    /** The team's credentials for the source, in the drill's namespace only; keys as {@link #drillConfiguration} names them. */
    public Secret drillSecret(Map<String, String> keys) {
        return new SecretBuilder().withMetadata(meta(DRILL_SOURCE)).withType("Opaque").withStringData(keys).build();
    }

    /** Where a drill reads: the team's destinationPath, endpoint and server name; the credentials are in the Secret {@value #DRILL_SOURCE}. */
    public record DrillSource(String destinationPath, String endpointUrl, String serverName, boolean sessionToken) {}

    public static final String DRILL_SOURCE = "gameday-drill-source";

    /** Only what reading needs: where, with which key, and the WAL prefetch; nothing a backup would use. */
    private Map<String, Object> drillConfiguration(DrillSource source) {
        Map<String, Object> creds = map("accessKeyId", map("name", DRILL_SOURCE, "key", "ACCESS_KEY_ID"),
                "secretAccessKey", map("name", DRILL_SOURCE, "key", "ACCESS_SECRET_KEY"), "region", map("name", DRILL_SOURCE, "key", "REGION"));
        if (source.sessionToken()) creds.put("sessionToken", map("name", DRILL_SOURCE, "key", "ACCESS_SESSION_TOKEN"));
        return map("destinationPath", source.destinationPath(), "endpointURL", source.endpointUrl(), "serverName", source.serverName(),
                "s3Credentials", creds, "wal", map("maxParallel", walMaxParallel));
    }

    private Map<String, Object> baseSpec(Duration archiveTimeout) {
        Map<String, Object> spec = commonSpec(options.postgresImage(), "1Gi");
        spec.put("postgresql", map("parameters", map("archive_timeout", archiveTimeout.toSeconds() + "s")));
        return spec;
    }

    private Map<String, Object> commonSpec(String image, String storage) {
        Map<String, Object> spec = map("instances", options.instances(), "imageName", image,
                "imagePullPolicy", "IfNotPresent", "enableSuperuserAccess", true, "superuserSecret", map("name", SUPERUSER_SECRET),
                "storage", map("size", storage));
        // the operator copies these labels onto the pods, services and PVCs it creates, so the
        // ownership guard also covers what the harness did not create itself
        spec.put("inheritedMetadata", map("labels", map(OwnerLabel.LABEL, owner.runId())));
        return spec;
    }

    private void archiveTo(Map<String, Object> spec, String cluster, String serverName, String bucket) {
        if (options.backupForm() == BackupForm.PLUGIN) {
            spec.put("plugins", List.of(map("name", PLUGIN_NAME, "isWALArchiver", true,
                    "parameters", map("barmanObjectName", objectStoreName(bucket), "serverName", serverName))));
        } else {
            spec.put("backup", map("barmanObjectStore", barmanConfiguration(bucket, serverName), "retentionPolicy", "7d"));
        }
    }

    private Map<String, Object> externalSource(String sourceServer, String bucket) {
        if (options.backupForm() == BackupForm.PLUGIN)
            return map("name", SOURCE, "plugin", map("name", PLUGIN_NAME,
                    "parameters", map("barmanObjectName", objectStoreName(bucket), "serverName", sourceServer)));
        return map("name", SOURCE, "barmanObjectStore", barmanConfiguration(bucket, sourceServer));
    }

    /** The barman-cloud settings both forms share (the plugin's ObjectStore embeds the same struct). */
    private Map<String, Object> barmanConfiguration(String bucket, String serverName) {
        Map<String, Object> c = map("destinationPath", "s3://" + bucket + "/", "endpointURL", s3Url(),
                "s3Credentials", map("accessKeyId", map("name", S3_SECRET, "key", "ACCESS_KEY_ID"),
                        "secretAccessKey", map("name", S3_SECRET, "key", "ACCESS_SECRET_KEY")),
                // fetching WAL in parallel ahead of replay is the big lever for PITR speed (DESIGN.md);
                // barman-cloud's wal.maxParallel is the recovery's prefetch in both forms
                "wal", map("compression", "gzip", "maxParallel", walMaxParallel),
                // without it a base backup waits for a spread checkpoint (minutes); CNPG's e2e
                // fixtures set it (tests/e2e/fixtures/backup/object_store/*.yaml.template)
                "data", map("compression", "gzip", "immediateCheckpoint", true));
        if (serverName != null) c.put("serverName", serverName);
        return c;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    private GenericKubernetesResource cr(String apiVersion, String kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setMetadata(meta(name));
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    private ObjectMeta meta(String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(Map.of(OwnerLabel.LABEL, owner.runId())).build();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar env(String name, String value) {
        return new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar secretEnv(String name, String key) {
        return new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(S3_SECRET).withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    /** An insertion-ordered map from key/value pairs, so the YAML reads in the order written here. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
