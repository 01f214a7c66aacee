package gameday.harness.k8s;

import gameday.harness.GameDayException;
import gameday.harness.Phases;
import gameday.harness.check.Verdict;
import gameday.harness.drill.Archive;
import gameday.harness.drill.DrillSubstrate;
import gameday.harness.drill.PageChecksums;
import gameday.harness.drill.SourceAccess;
import gameday.harness.s3.Secrets;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gameday drill --substrate kubernetes}: the disposable server is a CNPG {@code Cluster} in
 * a namespace of its own ({@code <prefix>-drill}, labelled with the run id), bootstrapped with
 * {@code bootstrap.recovery} from the team's object store through a Secret holding the credentials
 * the drill already has. Read-only by construction: the Cluster has no {@code backup} section, no
 * WAL-archiving plugin, and a name (CNPG's default serverName) other than the source's.
 *
 * <p>CNPG restores the base backup, replays the WAL and promotes inside one Job
 * ({@code <cluster>-1-full-recovery}, pkg/specs/jobs.go; recovery_target_action promote,
 * pkg/management/postgres/restore.go at v1.30.0), and its status does not tell those apart: the
 * phases are {@value #RESTORE} (until that Job completes) and {@value #START} (until the
 * Cluster is healthy).
 */
public final class K8sDrill implements DrillSubstrate {
    static final String RESTORE = "restore-replay-promote";
    static final String START = "start-primary";
    /** Where CNPG keeps PGDATA on the instance's volume (pkg/specs/pods.go: PgDataPath, the volume at /var/lib/postgresql/data, pkg/specs/volumes.go). */
    static final String PGDATA = "/var/lib/postgresql/data/pgdata";
    /** The postgres user of CNPG's images and pods (api/v1/cluster_types.go: DefaultPostgresUID / GID). */
    static final long POSTGRES_UID = 26;

    /** pg_amcheck in the instance's pod, over its local socket as the postgres user, as psql runs there. */
    static final List<String> AMCHECK = List.of("sh", "-c", "pg_amcheck --all --install-missing 2>&1; echo \"exit=$?\"");

    private final CnpgOrchestrator k;
    private final K8sOptions options;
    private final CnpgManifests.DrillSource source;
    private final String image;
    private int restores;

    /**
     * Creates the labelled namespace (a Terminating one is refused), the source's Secret, the
     * superuser's Secret and, in the plugin form, the ObjectStore the recovery reads through.
     */
    public K8sDrill(KubernetesClient client, K8sOptions options, SourceAccess access, int major, String runId, int walMaxParallel) {
        this.options = options;
        this.image = K8sOptions.postgresImage(major);
        Map<String, String> env = new LinkedHashMap<>();
        access.exportTo(env);
        this.source = new CnpgManifests.DrillSource(access.source().destinationPath(), access.source().endpoint(), access.source().serverName(),
                env.containsKey("AWS_SESSION_TOKEN"));
        CnpgManifests m = new CnpgManifests(options.namespaceFor(runId, "drill"), options, new OwnerLabel(runId), walMaxParallel);
        this.k = new CnpgOrchestrator(client, m, new Plan(), false, options.timeout());
        try {
            OperatorInstall.run(client, options);
            k.createNamespace();
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("ACCESS_KEY_ID", env.get("AWS_ACCESS_KEY_ID"));
            keys.put("ACCESS_SECRET_KEY", env.get("AWS_SECRET_ACCESS_KEY"));
            keys.put("REGION", env.get("AWS_DEFAULT_REGION"));
            if (source.sessionToken()) keys.put("ACCESS_SESSION_TOKEN", env.get("AWS_SESSION_TOKEN"));
            k.apply("the source's credentials (from the AWS chain) and a random superuser password", m.drillSecret(keys),
                    m.superuserSecret(Secrets.randomHex(20)));
            if (options.backupForm() == BackupForm.PLUGIN) k.apply("ObjectStore " + CnpgManifests.DRILL_SOURCE + " reading " + source.destinationPath(),
                    m.drillObjectStore(source));
        } catch (RuntimeException e) {
            try {
                close(); // a namespace another run or a person owns is refused again here, and left alone
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** Tests drive status by hand and need not wait a second between polls. */
    K8sDrill pollEvery(java.time.Duration d) {
        k.pollEvery(d);
        return this;
    }

    CnpgOrchestrator orchestrator() {
        return k;
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("substrate", "kubernetes");
        f.put("context", options.context());
        java.net.URL api = k.client().getMasterUrl();
        f.put("apiServer", api.getHost() + (api.getPort() > 0 ? ":" + api.getPort() : ""));
        f.put("namespace", k.manifests().namespace());
        f.put("server", "a CloudNativePG Cluster (1 instance) bootstrapped with bootstrap.recovery, in a namespace of its own, deleted after the drill");
        f.put("segregation", "no backup section and no WAL-archiving plugin; its own name, so its own serverName; the source's credentials only in "
                + "a Secret of that namespace");
        f.put("backupForm", options.backupForm().name());
        f.put("postgresImage", image);
        f.put("cnpg", K8sOptions.CNPG_MANIFEST.replaceAll(".*/", "") + " (the version the manifests are checked against)");
        return f;
    }

    @Override
    public Restored restore(Archive.BaseBackup backup, Instant target, Phases phases) {
        String name = "drill-" + (++restores);
        if (name.equals(source.serverName())) name = name + "-restore";
        String cluster = name;
        GenericKubernetesResource manifest = k.manifests().drillCluster(cluster, source, recoveryTarget(backup, target), image, storage(backup));
        K8sRestored restored = new K8sRestored(new CnpgCluster(k, cluster, cluster, 1));
        try {
            phases.phase(RESTORE, () -> {
                phases.note("restoring " + backup.label() + " of " + source.serverName() + (target == null ? " to the end of the archive"
                        : target == BACKUP_END ? " to its own end" : " to " + target) + " into Cluster " + cluster + " in " + k.manifests().namespace());
                k.apply("drill Cluster " + cluster + " from " + source.destinationPath() + " server " + source.serverName(), manifest);
                awaitRecoveryJob(cluster);
            });
            phases.phase(START, () -> k.awaitReady(cluster, 1));
            if (backup.size() > 0) phases.measure("baseBackupBytes", backup.size());
        } catch (RuntimeException e) {
            restored.close();
            throw e;
        }
        return restored;
    }

    /**
     * The recovery target as CNPG takes it (api/v1/cluster_types.go RecoveryTarget at v1.30.0): the
     * drill's chosen backup always ({@code backupID}), then a time, or the backup's own end
     * ({@code targetImmediate}, which docs/src/recovery.md says needs the backupID), or nothing: the
     * end of the archive.
     */
    static Map<String, Object> recoveryTarget(Archive.BaseBackup backup, Instant target) {
        Map<String, Object> t = CnpgManifests.map("backupID", backup.id());
        if (target == BACKUP_END) t.put("targetImmediate", true);
        else if (target != null) t.put("targetTime", CnpgManifests.targetTime(target));
        return t;
    }

    /**
     * Room for the restored data and the WAL replay keeps: the backup's size (backup.info; the
     * stored bytes when it does not say) half again, plus 1 GiB.
     */
    static String storage(Archive.BaseBackup backup) {
        long gib = 1L << 30, bytes = backup.size() > 0 ? backup.size() : backup.storedBytes();
        return (1 + (bytes * 3 / 2 + gib - 1) / gib) + "Gi";
    }

    /**
     * The full-recovery Job completes (batch/v1 condition Complete=True), or it is already gone
     * because the instance pod runs: CNPG creates the pod after the Job and deletes completed Jobs
     * (internal/controller/cluster_cleanup.go). Failed=True stops the wait with the Job's message.
     */
    private void awaitRecoveryJob(String cluster) {
        String job = cluster + "-1-full-recovery";
        k.await("Job " + job + " (barman-cloud-restore, WAL replay and promotion) to complete", options.timeout(), () -> {
            Job j = k.client().batch().v1().jobs().inNamespace(k.manifests().namespace()).withName(job).get();
            if (j != null) return jobCondition(j, "Complete") != null;
            return k.client().pods().inNamespace(k.manifests().namespace()).withName(cluster + "-1").get() != null;
        }, () -> {
            Job j = k.client().batch().v1().jobs().inNamespace(k.manifests().namespace()).withName(job).get();
            return j != null && jobCondition(j, "Failed") != null;
        }, () -> {
            var c = jobCondition(k.client().batch().v1().jobs().inNamespace(k.manifests().namespace()).withName(job).get(), "Failed");
            return "Job " + job + " failed" + (c == null ? "" : ": " + c.getReason() + " " + c.getMessage())
                    + " (kubectl logs -n " + k.manifests().namespace() + " job/" + job + " says why)";
        });
    }

    private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition jobCondition(Job j, String type) {
        if (j == null || j.getStatus() == null || j.getStatus().getConditions() == null) return null;
        return j.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst().orElse(null);
    }

    private final class K8sRestored implements Restored {
        private final CnpgCluster c;

        K8sRestored(CnpgCluster c) {
            this.c = c;
        }

        @Override
        public Connection connect(String database) throws SQLException {
            return c.connect(database);
        }

        /**
         * pg_checksums needs the server stopped: CNPG's declarative hibernation deletes the pods and
         * keeps the volume (condition {@code cnpg.io/hibernation} True, reason Hibernated,
         * pkg/reconciler/hibernation/status.go), then a one-off pod of the same image reads it.
         */
        @Override
        public Verdict pageChecksums() {
            boolean on;
            try {
                on = "on".equals(k.execSql(c.name(), "SHOW data_checksums"));
            } catch (GameDayException e) {
                return Verdict.unknown(PageChecksums.NAME, "cannot ask the restored server whether it has checksums: " + e.getMessage());
            }
            if (!on) return Verdict.of(PageChecksums.NAME, Map.of("enabled", false), List.of());
            c.stop(options.timeout());
            c.closeForward();
            k.await("Cluster " + c.name() + " to report condition cnpg.io/hibernation=True (Hibernated)",
                    () -> CnpgStatus.conditionTrue(k.cluster(c.name()), "cnpg.io/hibernation"));
            String pod = c.name() + "-checksums";
            k.apply("pg_checksums --check on the hibernated volume of " + c.name(), checker(pod, c.name() + "-1"));
            k.await("pod " + pod + " (pg_checksums) to finish", () -> {
                Pod p = k.client().pods().inNamespace(k.manifests().namespace()).withName(pod).get();
                return p != null && p.getStatus() != null && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase());
            });
            return PageChecksums.of(k.client().pods().inNamespace(k.manifests().namespace()).withName(pod).getLog(), PGDATA);
        }

        @Override
        public Verdict amcheck() {
            CnpgOrchestrator.Exec r = k.exec(k.primaryPod(c.name()), AMCHECK.toArray(String[]::new));
            List<String> problems = r.out().lines().filter(l -> !l.isBlank() && !l.startsWith("exit=")).limit(5).toList();
            return Verdict.of("amcheck", Map.of("tool", "pg_amcheck --all (heap and B-tree indexes)"), r.out().contains("exit=0") ? List.of() : problems);
        }

        /** The Cluster goes (CNPG removes its pods and volumes with it); the namespace goes with the drill. */
        @Override
        public void close() {
            c.closeForward();
            try {
                if (k.cluster(c.name()) != null) k.deleteCluster(c.name());
            } catch (RuntimeException e) {
                // the namespace is deleted at the end of the drill anyway
            }
        }
    }

    /**
     * A pod of the operand image that runs pg_checksums once, as the postgres user, on the hibernated
     * instance's volume: PVC {@code <cluster>-1} (the PGDATA claim is named as the instance,
     * pkg/reconciler/persistentvolumeclaim/calculator.go).
     */
    private Pod checker(String name, String pvc) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(k.manifests().namespace()).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .withNewSecurityContext().withRunAsUser(POSTGRES_UID).withRunAsGroup(POSTGRES_UID).withFsGroup(POSTGRES_UID).withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("postgres").withImage(image).withImagePullPolicy("IfNotPresent")
                // what the restricted Pod Security Standard asks, as CNPG sets it on its own containers (pkg/specs/containers.go)
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .withCommand("sh", "-c", "pg_checksums --check -D " + PGDATA + " 2>&1; echo \"exit=$?\"")
                .addNewVolumeMount().withName("pgdata").withMountPath("/var/lib/postgresql/data").endVolumeMount().endContainer()
                .addNewVolume().withName("pgdata").withNewPersistentVolumeClaim().withClaimName(pvc).endPersistentVolumeClaim().endVolume()
                .endSpec().build();
    }

    /** The namespace goes, and with it every Cluster, Secret and pod of the drill; only if this run labelled it. */
    @Override
    public void close() {
        try {
            k.deleteNamespace();
        } finally {
            k.client().close();
        }
    }
}
