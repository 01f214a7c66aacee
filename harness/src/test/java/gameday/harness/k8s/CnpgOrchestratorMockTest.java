package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Endpoint;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.check.BackupHealth;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestration against fabric8's Kubernetes mock server in CRUD mode. There is no operator,
 * so each test plays the operator: it writes the CNPG status the harness waits on.
 */
@EnableKubernetesMockClient(crud = true)
class CnpgOrchestratorMockTest {
    static final String NS = "gameday-r1";
    static final Duration ARCHIVE = Duration.ofSeconds(60);
    KubernetesClient client;
    CnpgManifests m;
    Plan plan;
    CnpgOrchestrator k;

    @BeforeEach
    void setUp() {
        m = new CnpgManifests(NS, K8sOptions.k3s(), new OwnerLabel("r1"));
        plan = new Plan();
        k = new CnpgOrchestrator(client, m, plan, false, Duration.ofSeconds(20)).pollEvery(Duration.ofMillis(20));
        k.createNamespace();
    }

    /** What the operator would write once the cluster is up. */
    void operatorReports(String cluster, int ready, Map<String, String> conditions) {
        GenericKubernetesResource c = k.cluster(cluster);
        List<Map<String, Object>> conds = conditions.entrySet().stream()
                .map(e -> Map.<String, Object>of("type", e.getKey(), "status", e.getValue(), "observedGeneration", c.getMetadata().getGeneration(),
                        "reason", "Test", "message", e.getKey() + " " + e.getValue()))
                .toList();
        c.setAdditionalProperty("status", Map.of("readyInstances", ready, "currentPrimary", cluster + "-1", "conditions", conds));
        k.generic(CnpgManifests.CNPG_API, "Cluster").resource(c).updateStatus();
    }

    @Test
    void createsTheNamespaceAndEveryResourceWithTheOwnershipLabel() {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE), m.appService("app-db", "pg-main"));
        assertEquals("r1", client.namespaces().withName(NS).get().getMetadata().getLabels().get(OwnerLabel.LABEL));
        GenericKubernetesResource c = k.cluster("pg-main");
        assertEquals("r1", c.getMetadata().getLabels().get(OwnerLabel.LABEL));
        // the operator copies inheritedMetadata onto its pods and PVCs, so the guard covers them too
        assertTrue(io.fabric8.kubernetes.client.utils.Serialization.asYaml(c).contains("inheritedMetadata"));
        assertEquals("pg-main-rw." + NS + ".svc.cluster.local", client.services().inNamespace(NS).withName("app-db").get().getSpec().getExternalName());
    }

    @Test
    void waitsUntilTheOperatorReportsReadyAndArchiving() throws Exception {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
            k.awaitReady("pg-main", 1);
            k.awaitArchiving("pg-main");
        });
        operatorReports("pg-main", 0, Map.of("Ready", "False"));
        operatorReports("pg-main", 1, Map.of("Ready", "True", "ContinuousArchiving", "False"));
        operatorReports("pg-main", 1, Map.of("Ready", "True", "ContinuousArchiving", "True"));
        ready.get(20, TimeUnit.SECONDS);
        assertTrue(plan.render().contains("wait: Cluster pg-main to report condition ContinuousArchiving=True"));
    }

    @Test
    void aWaitThatNeverEndsSaysWhatItWaitedFor() {
        CnpgOrchestrator impatient = new CnpgOrchestrator(client, m, plan, false, Duration.ofMillis(300)).pollEvery(Duration.ofMillis(20));
        impatient.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        GameDayException e = assertThrows(GameDayException.class, () -> impatient.awaitReady("pg-main", 1));
        assertTrue(e.getMessage().contains("Cluster pg-main to have 1 ready instance(s) and condition Ready=True"), e.getMessage());
    }

    @Test
    void aFailedBackupStopsTheWaitAtOnce() {
        k.apply("backup", m.backup("b1", "pg-main"));
        GenericKubernetesResource b = k.generic(CnpgManifests.CNPG_API, "Backup").withName("b1").get();
        b.setAdditionalProperty("status", Map.of("phase", "failed", "error", "no space"));
        k.generic(CnpgManifests.CNPG_API, "Backup").resource(b).updateStatus();
        GameDayException e = assertThrows(GameDayException.class, () -> k.awaitBackup("b1"));
        assertTrue(e.getMessage().contains("Backup b1 to reach phase completed"), e.getMessage());
    }

    @Test
    void theRecoveryClusterIsCreatedAndAwaited() throws Exception {
        Instant target = Instant.parse("2026-11-23T13:45:01Z");
        k.apply("recovery", m.recoveryCluster("pg-main-recovered-1", "pg-main", "pg-main-recovered-1", "backups", target, ARCHIVE));
        CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> k.awaitReady("pg-main-recovered-1", 1));
        operatorReports("pg-main-recovered-1", 1, Map.of("Ready", "True"));
        ready.get(20, TimeUnit.SECONDS);
        GenericKubernetesResource r = k.cluster("pg-main-recovered-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> recovery = (Map<String, Object>) ((Map<String, Object>) CnpgManifests.spec(r).get("bootstrap")).get("recovery");
        assertEquals(Map.of("targetTime", "2026-11-23T13:45:01.000000Z"), recovery.get("recoveryTarget"));
        assertEquals(CnpgManifests.SOURCE, recovery.get("source"));
    }

    @Test
    void theSwitchoverPatchesTheExternalNameServiceWhenTheEndpointMoves() {
        k.apply("app", m.appService("app-db", "pg-main"));
        CnpgCluster main = new CnpgCluster(k, "pg-main", "pg-main", 1);
        CnpgCluster recovered = new CnpgCluster(k, "pg-main-recovered-1", "pg-main-recovered-1", 1);
        Endpoint endpoint = new Endpoint(main, "app");
        endpoint.onSwitch(c -> k.switchover("app-db", c.name()));
        endpoint.switchTo(recovered);
        Service s = client.services().inNamespace(NS).withName("app-db").get();
        assertEquals("pg-main-recovered-1-rw." + NS + ".svc.cluster.local", s.getSpec().getExternalName());
        assertEquals("ExternalName", s.getSpec().getType());
        assertEquals(recovered, endpoint.cluster());
    }

    @Test
    void promotesTheReplicaAndWaitsForTheNewGeneration() throws Exception {
        k.apply("replica", m.replicaCluster("pg-main-replica", "pg-main", "pg-main-replica", "backups-dr", ARCHIVE));
        operatorReports("pg-main-replica", 1, Map.of("Ready", "True"));
        long before = k.cluster("pg-main-replica").getMetadata().getGeneration();
        CompletableFuture<Void> promoted = CompletableFuture.runAsync(() -> k.promoteReplica("pg-main-replica", 1));
        // the operator sees the new spec, and only then reports Ready for it
        org.awaitility.Awaitility.await("the promotion patch").atMost(Duration.ofSeconds(20))
                .until(() -> k.cluster("pg-main-replica").getMetadata().getGeneration() > before);
        assertFalse(promoted.isDone(), "a Ready condition of the old generation must not count as promoted");
        operatorReports("pg-main-replica", 1, Map.of("Ready", "True"));
        promoted.get(20, TimeUnit.SECONDS);
        @SuppressWarnings("unchecked")
        Map<String, Object> replica = (Map<String, Object>) CnpgManifests.spec(k.cluster("pg-main-replica")).get("replica");
        assertEquals(false, replica.get("enabled"));
    }

    @Test
    void deletesThePrimaryPodAndTheClusterItOwns() {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        operatorReports("pg-main", 1, Map.of("Ready", "True"));
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("pg-main-1")
                .withLabels(Map.of(OwnerLabel.LABEL, "r1")).endMetadata().build()).create();
        assertEquals("pg-main-1", k.deletePrimaryPod("pg-main"));
        assertNull(client.pods().inNamespace(NS).withName("pg-main-1").get());
        k.deleteCluster("pg-main");
        assertNull(k.cluster("pg-main"));
    }

    @Test
    void refusesToTouchAnythingWithoutItsLabel() {
        GenericKubernetesResource foreign = m.cluster("prod", "prod", "backups", ARCHIVE);
        foreign.getMetadata().setLabels(Map.of());
        k.generic(CnpgManifests.CNPG_API, "Cluster").resource(foreign).create();
        client.services().inNamespace(NS).resource(m.appService("prod-db", "prod")).create();
        client.services().inNamespace(NS).withName("prod-db").edit(s -> {
            s.getMetadata().setLabels(Map.of(OwnerLabel.LABEL, "some-other-run"));
            return s;
        });
        operatorReports("prod", 1, Map.of("Ready", "True"));
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("prod-1").endMetadata().build()).create();

        assertRefused(() -> k.deleteCluster("prod"));
        assertRefused(() -> k.patch(CnpgManifests.CNPG_API, "Cluster", "prod", CnpgManifests.promotePatch(), "promote"));
        assertRefused(() -> k.apply("overwrite", m.cluster("prod", "prod", "backups", ARCHIVE)));
        assertRefused(() -> k.deletePrimaryPod("prod"));
        assertRefused(() -> k.switchover("prod-db", "pg-main"));
        assertNotNull(k.cluster("prod"));
        assertNotNull(client.pods().inNamespace(NS).withName("prod-1").get());
        assertEquals("prod-rw." + NS + ".svc.cluster.local", client.services().inNamespace(NS).withName("prod-db").get().getSpec().getExternalName());

        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("payments").endMetadata().build()).create();
        CnpgOrchestrator foreignNs = new CnpgOrchestrator(client, new CnpgManifests("payments", K8sOptions.k3s(), new OwnerLabel("r1")), new Plan(), false,
                Duration.ofSeconds(5));
        assertRefused(foreignNs::createNamespace);
    }

    static void assertRefused(org.junit.jupiter.api.function.Executable action) {
        GameDayException e = assertThrows(GameDayException.class, action);
        assertTrue(e.getMessage().startsWith("refusing to touch "), e.getMessage());
        assertTrue(e.getMessage().contains(OwnerLabel.LABEL + "=r1"), e.getMessage());
    }

    @Test
    void dryRunPrintsManifestsAndStepsAndAppliesNothing() {
        CnpgOrchestrator dry = new CnpgOrchestrator(client, new CnpgManifests("gameday-dry", K8sOptions.k3s(), new OwnerLabel("dry")), new Plan(), true,
                Duration.ofSeconds(5));
        dry.createNamespace();
        dry.apply("S3 credentials", dry.manifests().s3Secret("AKIASECRETID", "very-secret-key"));
        dry.apply("cluster", dry.manifests().cluster("pg-main", "pg-main", "backups", ARCHIVE));
        dry.awaitReady("pg-main", 1);
        dry.deleteCluster("pg-main");
        dry.switchover("app-db", "pg-main-recovered-1");
        assertNull(client.namespaces().withName("gameday-dry").get());
        assertEquals(List.of(), client.genericKubernetesResources(CnpgOrchestrator.context(CnpgManifests.CNPG_API, "Cluster")).inAnyNamespace().list().getItems());
        String out = dry.plan().render();
        assertTrue(out.startsWith("# 1. apply: create namespace gameday-dry labelled gameday.dev/owned-by=dry\n"), out);
        assertTrue(out.contains("kind: \"Cluster\""), out);
        assertTrue(out.contains("# 4. wait: Cluster pg-main to have 1 ready instance(s)"), out);
        assertTrue(out.contains("# 5. fault: delete Cluster pg-main"), out);
        assertTrue(out.contains("externalName: \"pg-main-recovered-1-rw.gameday-dry.svc.cluster.local\""), out);
        assertFalse(out.contains("AKIASECRETID") || out.contains("very-secret-key"), "credentials never appear in output");
    }

    @Test
    void theSubstratePlansAWholeEnvironmentWithoutACluster() {
        String k3s = new K8sSubstrate(K8sOptions.k3s()).plan("r2", "drop-table", EnvironmentSpec.DEFAULT).render();
        assertTrue(k3s.startsWith("# 1. start: k3s container " + K8sOptions.K3S_IMAGE), k3s);
        assertTrue(k3s.contains("install: CloudNativePG operator from classpath:" + K8sOptions.CNPG_MANIFEST), k3s);
        assertTrue(k3s.contains("kind: \"ObjectStore\""), k3s);
        assertTrue(k3s.contains("isWALArchiver: true"), k3s);
        String existing = new K8sSubstrate(K8sOptions.kubernetes(java.nio.file.Path.of("/tmp/kubeconfig"), "prod-eu").withBackupForm(BackupForm.IN_TREE)
                .withNamespace("gameday-team-a")).plan("r3", "drop-table", EnvironmentSpec.DEFAULT).render();
        assertTrue(existing.contains("connect: kubeconfig /tmp/kubeconfig, context prod-eu"), existing);
        assertTrue(existing.contains("check: CRD clusters.postgresql.cnpg.io exist"), existing);
        assertTrue(existing.contains("barmanObjectStore:"), existing);
        assertFalse(existing.contains("kind: \"ObjectStore\""), existing);
        assertThrows(GameDayException.class, () -> new K8sOptions("kubernetes", null, null, null, BackupForm.PLUGIN, S3Flavour.MINIO,
                K8sOptions.POSTGRES_IMAGE, 1, Duration.ofMinutes(1), false));
    }

    @Test
    void backupHealthReadsBackupCrsTheObjectStoreAndTheBucket() {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE), m.objectStore(CnpgManifests.objectStoreName("backups"), "backups"),
                m.backup("b1", "pg-main"), m.backup("b2", "pg-main"));
        operatorReports("pg-main", 1, Map.of("Ready", "True", "ContinuousArchiving", "False"));
        setStatus("Backup", "b1", Map.of("phase", "completed", "stoppedAt", "2026-11-23T10:00:00Z"));
        setStatus("Backup", "b2", Map.of("phase", "failed"));
        setStatus("ObjectStore", CnpgManifests.objectStoreName("backups"), Map.of("serverRecoveryWindow",
                Map.of("pg-main", Map.of("firstRecoverabilityPoint", "2026-11-23T09:00:00Z", "lastSuccessfulBackupTime", "2026-11-23T12:00:00Z"))));
        Instant wal = Instant.parse("2026-11-23T12:30:00Z");
        BackupHealth.Signals h = new CnpgBackupSource(k, "pg-main", "pg-main", "backups",
                (bucket, prefix) -> prefix.equals("pg-main/wals/") ? Optional.of(wal) : Optional.empty()).read();
        assertEquals(Instant.parse("2026-11-23T12:00:00Z"), h.lastSuccessfulBackup());
        assertEquals("ObjectStore.status.serverRecoveryWindow", h.backupFrom());
        BackupHealth.Report r = BackupHealth.judge(h, Instant.parse("2026-11-23T13:00:00Z"), Duration.ofDays(1), Duration.ofMinutes(5));
        assertTrue(r.archiverFailing());
        assertEquals(List.of("ContinuousArchiving is not True: ContinuousArchiving False", "no objects under base/",
                        "newest WAL object 2026-11-23T12:30:00Z is older than PT5M"), r.problems());
    }

    void setStatus(String kind, String name, Map<String, Object> status) {
        String api = kind.equals("ObjectStore") ? CnpgManifests.PLUGIN_API : CnpgManifests.CNPG_API;
        GenericKubernetesResource r = k.generic(api, kind).withName(name).get();
        r.setAdditionalProperty("status", status);
        k.generic(api, kind).resource(r).updateStatus();
    }
}
