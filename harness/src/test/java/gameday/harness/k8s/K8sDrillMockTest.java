package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.GameDayException;
import gameday.harness.Phases;
import gameday.harness.check.Verdict;
import gameday.harness.drill.Archive;
import gameday.harness.drill.BackupSource;
import gameday.harness.drill.DrillSubstrate;
import gameday.harness.drill.SourceAccess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.minio.credentials.StaticProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code gameday drill --substrate kubernetes} against fabric8's mock API server: the namespace,
 * the Secret, the read-only recovery Cluster (checked against the pinned CRD schemas) and the
 * waits on what CNPG, the Job controller and the kubelet report, each status in upstream's words.
 */
@EnableKubernetesMockClient(crud = true)
class K8sDrillMockTest {
    static final String SECRET_KEY = "team-secret-key-that-must-never-be-printed";
    static final String ACCESS_KEY = "AKIATEAMKEY";
    static final String RUN = "20261130-120000-ab12-77";
    static final String NS = "gameday-" + RUN + "-drill";
    static CrdSchemas schemas;
    KubernetesClient client;
    KubernetesMockServer server;
    SourceAccess access;

    @BeforeAll
    static void load() throws Exception {
        schemas = CrdSchemas.load(K8sOptions.CNPG_MANIFEST, K8sOptions.PLUGIN_MANIFEST);
    }

    @BeforeEach
    void crdsAndCredentials() {
        // the harness installs nothing into an existing cluster: it checks the CRDs are there (OperatorInstall)
        for (String crd : List.of("clusters.postgresql.cnpg.io", "objectstores.barmancloud.cnpg.io")) {
            String plural = crd.substring(0, crd.indexOf('.')), kind = plural.equals("clusters") ? "Cluster" : "ObjectStore";
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder().withNewMetadata().withName(crd)
                    .endMetadata().withNewSpec().withGroup(crd.substring(crd.indexOf('.') + 1)).withScope("Namespaced")
                    .withNewNames().withPlural(plural).withKind(kind).endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion().endSpec().build()).create();
        }
        access = SourceAccess.of(BackupSource.of("s3://team-backups/pg", "orders-db", "https://s3.eu-west-1.example.com"),
                new StaticProvider(ACCESS_KEY, SECRET_KEY, null));
    }

    K8sOptions options(BackupForm form, Duration timeout) {
        return K8sOptions.kubernetes(Path.of("kubeconfig"), "team-prod").withBackupForm(form).withTimeout(timeout);
    }

    K8sDrill drill(BackupForm form, Duration timeout) {
        // the drill closes its client with itself: a client of its own, on the same mock server
        KubernetesClient own = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
        return new K8sDrill(own, options(form, timeout), access, 18, RUN, 4).pollEvery(Duration.ofMillis(20));
    }

    static Archive.BaseBackup backup(String id) {
        return new Archive.BaseBackup(id, null, "DONE", Instant.parse("2026-11-29T01:00:00Z"), Instant.parse("2026-11-29T01:05:00Z"), "0/2000028",
                "0/3000100", "000000010000000000000002", "000000010000000000000003", 1, 3L << 30, 180004, 16 << 20, List.of(), List.of(), null);
    }

    @ParameterizedTest
    @EnumSource(BackupForm.class)
    void theDrillRestoresIntoALabelledNamespaceWithAReadOnlyClusterThatReadsTheSource(BackupForm form) throws Exception {
        K8sDrill drill = drill(form, Duration.ofSeconds(20));
        var ns = client.namespaces().withName(NS).get();
        assertNotNull(ns, "the drill's namespace is created");
        assertEquals(RUN, ns.getMetadata().getLabels().get(OwnerLabel.LABEL));
        Secret s = client.secrets().inNamespace(NS).withName(CnpgManifests.DRILL_SOURCE).get();
        assertEquals(SECRET_KEY, value(s, "ACCESS_SECRET_KEY"));
        assertEquals(ACCESS_KEY, value(s, "ACCESS_KEY_ID"));
        assertFalse(String.valueOf(drill.facts()).contains(SECRET_KEY) || String.valueOf(drill.facts()).contains(ACCESS_KEY), drill.facts()::toString);
        assertFalse(drill.orchestrator().plan().render().contains(SECRET_KEY), "the plan masks the Secret");

        RecordingPhases phases = new RecordingPhases();
        MockOperator op = new MockOperator(drill.orchestrator(), server);
        CompletableFuture<DrillSubstrate.Restored> restoring = CompletableFuture.supplyAsync(() -> drill.restore(backup("20261129T010000"), null, phases));
        GenericKubernetesResource cluster = awaitCluster(drill, "drill-1");
        assertEquals(List.of(), schemas.validate(cluster), "CRD-valid");
        Map<String, Object> spec = CnpgManifests.spec(cluster);
        assertNull(spec.get("backup"), "no backup section: " + spec);
        assertNull(spec.get("plugins"), "no plugin, so no WAL archiver: " + spec);
        assertNotEquals("orders-db", cluster.getMetadata().getName(), "its own name, so its own serverName");
        assertEquals(RUN, cluster.getMetadata().getLabels().get(OwnerLabel.LABEL));
        assertEquals("ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie", spec.get("imageName"));
        assertEquals("6Gi", ((Map<?, ?>) spec.get("storage")).get("size"), "a 3 GiB backup half again, plus 1 GiB");
        Map<?, ?> recovery = (Map<?, ?>) ((Map<?, ?>) spec.get("bootstrap")).get("recovery");
        assertEquals(Map.of("backupID", "20261129T010000"), recovery.get("recoveryTarget"), "latest: the chosen backup, then the whole archive");
        Map<?, ?> external = (Map<?, ?>) ((List<?>) spec.get("externalClusters")).get(0);
        assertEquals(recovery.get("source"), external.get("name"));
        Map<?, ?> store;
        if (form == BackupForm.PLUGIN) {
            Map<?, ?> params = (Map<?, ?>) ((Map<?, ?>) external.get("plugin")).get("parameters");
            assertEquals("orders-db", params.get("serverName"));
            GenericKubernetesResource os = drill.orchestrator().generic(CnpgManifests.PLUGIN_API, "ObjectStore").withName(params.get("barmanObjectName").toString()).get();
            assertEquals(List.of(), schemas.validate(os), "CRD-valid");
            store = (Map<?, ?>) CnpgManifests.spec(os).get("configuration");
        } else {
            store = (Map<?, ?>) external.get("barmanObjectStore");
            assertEquals("orders-db", store.get("serverName"));
        }
        assertEquals("s3://team-backups/pg", store.get("destinationPath"));
        assertEquals("https://s3.eu-west-1.example.com", store.get("endpointURL"));
        assertTrue(Serialization.asYaml(store).contains("name: \"" + CnpgManifests.DRILL_SOURCE + "\""), Serialization.asYaml(store));
        assertFalse(Serialization.asYaml(cluster).contains(SECRET_KEY));

        // the Job controller, then CNPG: the full-recovery Job completes, the instance starts, the Cluster is healthy
        jobCompletes("drill-1-1-full-recovery");
        Awaitility.await("restore-replay-promote finishes once the Job is Complete").atMost(Duration.ofSeconds(10))
                .until(() -> phases.ended.contains(K8sDrill.RESTORE));
        assertFalse(restoring.isDone(), "not restored before the Cluster is healthy");
        op.pod("drill-1-1", true, 0);
        op.reports("drill-1", 1, true, null, null);
        DrillSubstrate.Restored restored = restoring.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(K8sDrill.RESTORE, K8sDrill.START), phases.ended);

        // pg_amcheck's report of a corrupt index (src/bin/pg_amcheck; amcheck's bt_index_check message), then the wrapper's exit line
        op.execAnswers("drill-1-1", K8sDrill.AMCHECK, "btree index \"app.public.app_rows_pkey\":\n    ERROR:  item order invariant violated for index \"app_rows_pkey\"\nexit=2");
        Verdict amcheck = restored.amcheck();
        assertFalse(amcheck.valid(), amcheck::toString);
        assertTrue(amcheck.reasons().get(0).contains("app_rows_pkey"), amcheck::toString);

        // pg_checksums on the hibernated volume
        op.psqlAnswers("drill-1-1", "SHOW data_checksums", "on");
        CompletableFuture<Verdict> checking = CompletableFuture.supplyAsync(restored::pageChecksums);
        Awaitility.await("the Cluster is asked to hibernate").atMost(Duration.ofSeconds(10)).until(() ->
                "on".equals(drill.orchestrator().cluster("drill-1").getMetadata().getAnnotations().get("cnpg.io/hibernation")));
        hibernated("drill-1");
        Awaitility.await("a pg_checksums pod on the instance's volume").atMost(Duration.ofSeconds(10)).until(() ->
                client.pods().inNamespace(NS).withName("drill-1-checksums").get() != null);
        var pod = client.pods().inNamespace(NS).withName("drill-1-checksums").get();
        assertEquals("drill-1-1", pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        // pg_checksums' own report (src/bin/pg_checksums/pg_checksums.c), then the wrapper's exit line
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/drill-1-checksums/log?pretty=false")
                .andReturn(200, "Checksum operation completed\nFiles scanned:   964\nBlocks scanned:  3012\nBad checksums:  0\nData checksum version: 1\nexit=0\n")
                .always();
        podSucceeded("drill-1-checksums");
        Verdict v = checking.get(10, TimeUnit.SECONDS);
        assertTrue(v.valid(), v::toString);
        assertEquals(3012L, v.figures().get("blocksScanned"));

        restored.close();
        assertNull(drill.orchestrator().cluster("drill-1"), "the restored Cluster is deleted");
        drill.close();
        var gone = client.namespaces().withName(NS).get();
        assertTrue(gone == null || gone.getMetadata().getDeletionTimestamp() != null, "close deletes the namespace");
    }

    @Test
    void theRecoveryTargetIsTheOneCnpgTakesForEachDrillTarget() {
        Archive.BaseBackup b = backup("20261129T010000");
        assertEquals(Map.of("backupID", "20261129T010000"), K8sDrill.recoveryTarget(b, null));
        assertEquals(Map.of("backupID", "20261129T010000", "targetTime", "2026-11-29T09:30:00.000000Z"),
                K8sDrill.recoveryTarget(b, Instant.parse("2026-11-29T09:30:00Z")));
        assertEquals(Map.of("backupID", "20261129T010000", "targetImmediate", true), K8sDrill.recoveryTarget(b, DrillSubstrate.BACKUP_END));
        CnpgManifests m = new CnpgManifests(NS, options(BackupForm.IN_TREE, Duration.ofMinutes(1)), new OwnerLabel(RUN));
        CnpgManifests.DrillSource src = new CnpgManifests.DrillSource("s3://team-backups/pg", "https://s3.example.com", "orders-db", true);
        for (Instant t : new Instant[] {null, Instant.parse("2026-11-29T09:30:00Z"), DrillSubstrate.BACKUP_END})
            for (BackupForm form : BackupForm.values()) {
                CnpgManifests mf = new CnpgManifests(NS, options(form, Duration.ofMinutes(1)), new OwnerLabel(RUN));
                assertEquals(List.of(), schemas.validate(mf.drillCluster("drill-1", src, K8sDrill.recoveryTarget(b, t), K8sOptions.postgresImage(17), "2Gi")),
                        form + " " + t);
            }
        assertEquals(List.of(), schemas.validate(m.drillObjectStore(src)));
        assertThrows(IllegalArgumentException.class, () -> m.drillCluster("orders-db", src, null, K8sOptions.postgresImage(18), "1Gi"),
                "never the source's server name");
        assertEquals("ghcr.io/cloudnative-pg/postgresql:17-system-trixie", K8sOptions.postgresImage(17));
    }

    @Test
    void aTerminatingNamespaceIsRefusedAndSomeoneElsesIsLeftAlone() {
        // k8s.io/api core/v1 types.go: NamespaceTerminating, set while a namespace's content is deleted
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).withLabels(Map.of(OwnerLabel.LABEL, RUN)).endMetadata()
                .withNewStatus().withPhase("Terminating").endStatus().build()).create();
        GameDayException e = assertThrows(GameDayException.class, () -> drill(BackupForm.PLUGIN, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("is being deleted (Terminating)"), e.getMessage());
        assertNull(client.secrets().inNamespace(NS).withName(CnpgManifests.DRILL_SOURCE).get(), "no credentials written into it");

        client.namespaces().withName(NS).delete();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        e = assertThrows(GameDayException.class, () -> drill(BackupForm.PLUGIN, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("refusing to touch Namespace " + NS), e.getMessage());
        assertNotNull(client.namespaces().withName(NS).get(), "a namespace the drill did not create is not deleted");
    }

    @Test
    void aRestoreThatNeverFinishesTimesOutNamingTheJobAndAFailedJobStopsTheWaitAtOnce() throws Exception {
        K8sDrill drill = drill(BackupForm.IN_TREE, Duration.ofMillis(500));
        GameDayException e = assertThrows(GameDayException.class, () -> drill.restore(backup("20261129T010000"), null, Phases.NONE));
        assertTrue(e.getMessage().startsWith("timed out after") && e.getMessage().contains("Job drill-1-1-full-recovery"), e.getMessage());
        assertNull(drill.orchestrator().cluster("drill-1"), "the unfinished Cluster is deleted");

        K8sDrill slow = drill(BackupForm.IN_TREE, Duration.ofMinutes(5));
        CompletableFuture<DrillSubstrate.Restored> restoring = CompletableFuture.supplyAsync(() -> slow.restore(backup("20261129T010000"), null, Phases.NONE));
        awaitCluster(slow, "drill-1");
        // the Job controller gives up after backoffLimit retries (batch/v1 JobReasonBackoffLimitExceeded)
        client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata().withName("drill-1-1-full-recovery").endMetadata()
                .withNewStatus().addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit").endCondition().endStatus().build()).create();
        Exception failed = assertThrows(Exception.class, () -> restoring.get(30, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("Job drill-1-1-full-recovery failed: BackoffLimitExceeded"), failed.getCause().getMessage());
        slow.close();
        drill.close();
    }

    @Test
    void aCrashedDrillsNamespaceIsReapedOnlyWhenItsRunIsDead() {
        drill(BackupForm.PLUGIN, Duration.ofSeconds(1)); // never closed: a crash
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("gameday-live-drill")
                .withLabels(Map.of(OwnerLabel.LABEL, "20261130-120000-ab12-1")).endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-prod").endMetadata().build()).create();
        List<String> gone = NamespaceReaper.reap(client, run -> run.equals(RUN));
        assertEquals(List.of(NS), gone);
        var ns = client.namespaces().withName(NS).get();
        assertTrue(ns == null || ns.getMetadata().getDeletionTimestamp() != null);
        assertNotNull(client.namespaces().withName("gameday-live-drill").get(), "a live run's namespace stays");
        assertNotNull(client.namespaces().withName("team-prod").get(), "an unlabelled namespace is never touched");
    }

    GenericKubernetesResource awaitCluster(K8sDrill drill, String name) {
        return Awaitility.await("Cluster " + name + " is applied").atMost(Duration.ofSeconds(10))
                .until(() -> drill.orchestrator().cluster(name), c -> c != null);
    }

    /** What the Job controller writes when the pod succeeded (k8s.io/api batch/v1 types.go: JobComplete, JobReasonCompletionsReached). */
    void jobCompletes(String job) {
        client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata().withName(job).endMetadata()
                .withNewStatus().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True").withReason("CompletionsReached")
                .withMessage("Reached expected number of succeeded pods").endCondition().endStatus().build()).create();
    }

    /** CNPG once the pods are gone (pkg/reconciler/hibernation/status.go: condition cnpg.io/hibernation True, reason Hibernated). */
    void hibernated(String cluster) {
        CnpgOrchestrator k = new CnpgOrchestrator(client, new CnpgManifests(NS, options(BackupForm.PLUGIN, Duration.ofSeconds(1)), new OwnerLabel(RUN)),
                new Plan(), false, Duration.ofSeconds(1));
        Map<String, Object> status = new LinkedHashMap<>(CnpgStatus.of(k.cluster(cluster)));
        List<Object> conds = new ArrayList<>((List<?>) status.get("conditions"));
        conds.add(Map.of("type", "cnpg.io/hibernation", "status", "True", "reason", "Hibernated", "message", "Cluster has been hibernated",
                "lastTransitionTime", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        status.put("conditions", conds);
        new MockOperator(k, server).status(CnpgManifests.CNPG_API, "Cluster", cluster, status);
    }

    /** The kubelet once the container exited (core/v1 PodSucceeded). */
    void podSucceeded(String pod) {
        client.pods().inNamespace(NS).withName(pod).editStatus(p -> {
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded").build());
            return p;
        });
    }

    static String value(Secret s, String key) {
        if (s.getStringData() != null && s.getStringData().containsKey(key)) return s.getStringData().get(key);
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    /** The phases in the order they ended. */
    static final class RecordingPhases implements Phases {
        final List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public <T> T phase(String name, java.util.concurrent.Callable<T> body) {
            try {
                T t = body.call();
                ended.add(name);
                return t;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }

        @Override
        public void note(String message) {}

        @Override
        public void measure(String name, Object value) {}
    }
}
