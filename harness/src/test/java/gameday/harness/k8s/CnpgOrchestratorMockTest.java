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
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The orchestration against fabric8's Kubernetes mock server in CRUD mode. There is no operator,
 * so each test plays the operator: it writes the CNPG status the harness waits on.
 */
@EnableKubernetesMockClient(crud = true)
class CnpgOrchestratorMockTest {
    static final String NS = "gameday-r1";
    static final Duration ARCHIVE = Duration.ofSeconds(60);
    KubernetesClient client;
    KubernetesMockServer server;
    CnpgManifests m;
    Plan plan;
    CnpgOrchestrator k;
    MockOperator operator;

    @BeforeEach
    void setUp() {
        m = new CnpgManifests(NS, K8sOptions.k3s(), new OwnerLabel("r1"));
        plan = new Plan();
        k = new CnpgOrchestrator(client, m, plan, false, Duration.ofSeconds(20)).pollEvery(Duration.ofMillis(20));
        k.createNamespace();
        operator = new MockOperator(k, server);
    }

    /** The same orchestrator, but one that gives up after 300 ms: for waits that must not pass on what the status says. */
    CnpgOrchestrator impatient() {
        return new CnpgOrchestrator(client, m, plan, false, Duration.ofMillis(300)).pollEvery(Duration.ofMillis(20));
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
        operator.reports("pg-main", 0, false, null, null);
        operator.reports("pg-main", 1, true, false, "unexpected failure invoking barman-cloud-wal-archive: exit status 1");
        operator.reports("pg-main", 1, true, true, null);
        ready.get(20, TimeUnit.SECONDS);
        assertTrue(plan.render().contains("wait: Cluster pg-main to report condition ContinuousArchiving=True"));
    }

    @Test
    void aWaitThatNeverEndsSaysWhatItWaitedFor() {
        CnpgOrchestrator impatient = impatient();
        impatient.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        GameDayException e = assertThrows(GameDayException.class, () -> impatient.awaitReady("pg-main", 1));
        assertTrue(e.getMessage().contains("Cluster pg-main to have 1 ready instance(s), phase \"Cluster in healthy state\" and condition Ready=True"),
                e.getMessage());
    }

    /** Every phase after which CNPG will not complete a Backup (api/v1/backup_types.go at v1.30.0). */
    @ParameterizedTest
    @ValueSource(strings = {"failed", "walArchivingFailing", "invalid backup definition"})
    void aBackupInATerminalPhaseStopsTheWaitAtOnce(String phase) {
        k.apply("backup", m.backup("b1", "pg-main"));
        // BackupStatus.phase and .error: api/v1/backup_types.go
        operator.status(CnpgManifests.CNPG_API, "Backup", "b1", Map.of("phase", phase, "error", "the reason CNPG gives"));
        GameDayException e = assertThrows(GameDayException.class, () -> k.awaitBackup("b1", Duration.ofSeconds(20)));
        assertEquals("gave up waiting for Backup b1 to reach phase completed: the Backup is in phase " + phase + ": the reason CNPG gives", e.getMessage());
    }

    @Test
    void aBackupWaitsNoLongerThanItsOwnTimeout() {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        CnpgCluster main = new CnpgCluster(k, "pg-main", "pg-main", 1);
        GameDayException e = assertThrows(GameDayException.class, () -> main.backup(Duration.ofMillis(300)));
        assertEquals("timed out after 300 ms waiting for Backup pg-main-backup-1 to reach phase completed", e.getMessage());
        // with time enough, the backup's id comes back once the operator completes it
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> main.backup(Duration.ofSeconds(20)));
        org.awaitility.Awaitility.await("the second Backup CR").atMost(Duration.ofSeconds(20))
                .until(() -> k.generic(CnpgManifests.CNPG_API, "Backup").withName("pg-main-backup-2").get() != null);
        // BackupStatus fields phase, backupId (a barman backup id), stoppedAt: api/v1/backup_types.go
        operator.status(CnpgManifests.CNPG_API, "Backup", "pg-main-backup-2", Map.of("phase", "completed", "backupId", "20261123T120000",
                "stoppedAt", "2026-11-23T12:00:00Z"));
        assertEquals("20261123T120000", second.join());
    }

    @Test
    void theRecoveryClusterIsCreatedAndAwaited() throws Exception {
        Instant target = Instant.parse("2026-11-23T13:45:01Z");
        k.apply("recovery", m.recoveryCluster("pg-main-recovered-1", "pg-main", "pg-main-recovered-1", "backups", target, ARCHIVE));
        CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> k.awaitReady("pg-main-recovered-1", 1));
        operator.reports("pg-main-recovered-1", 1, true, null, null);
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

    /** A replica cluster the operator reports healthy (as it was before the promotion), with its designated primary's pod. */
    void healthyReplica() {
        k.apply("replica", m.replicaCluster("pg-main-replica", "pg-main", "pg-main-replica", "backups-dr", ARCHIVE));
        // a replica cluster archives too (archive_mode=always, pkg/postgres/configuration.go): the condition is True before any promotion
        operator.reports("pg-main-replica", 1, true, true, null);
        operator.pod("pg-main-replica-1", true, 0);
    }

    @Test
    void promotionEndsWhenThePrimaryHasLeftRecovery() {
        healthyReplica();
        operator.psqlAnswers("pg-main-replica-1", CnpgOrchestrator.IN_RECOVERY, "f");
        k.promoteReplica("pg-main-replica", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> replica = (Map<String, Object>) CnpgManifests.spec(k.cluster("pg-main-replica")).get("replica");
        assertEquals(false, replica.get("enabled"));
        assertTrue(plan.render().contains("pg_catalog.pg_is_in_recovery() false in its primary"), plan.render());
    }

    @Test
    void aHealthyStatusFromBeforeThePromotionIsNotAPromotion() {
        healthyReplica();
        operator.psqlAnswers("pg-main-replica-1", CnpgOrchestrator.IN_RECOVERY, "t");
        GameDayException e = assertThrows(GameDayException.class, () -> impatient().promoteReplica("pg-main-replica", 1));
        assertTrue(e.getMessage().startsWith("timed out after 300 ms waiting for Cluster pg-main-replica to be promoted"), e.getMessage());
    }

    @Test
    void archivingAfterAPromotionIsProvedByASegmentOfThePromotedPrimary() {
        healthyReplica();
        operator.psqlAnswers("pg-main-replica-1", CnpgOrchestrator.IN_RECOVERY, "f");
        operator.psqlAnswers("pg-main-replica-1", CnpgOrchestrator.SWITCH_WAL, "000000020000000000000005");
        operator.psqlAnswers("pg-main-replica-1", CnpgOrchestrator.LAST_ARCHIVED, "000000020000000000000005");
        List<String> notes = new java.util.ArrayList<>();
        K8sRecovery recovery = new K8sRecovery(k, new K8sEnvironment(k, K8sOptions.k3s(), EnvironmentSpec.DEFAULT, null), ARCHIVE);
        recovery.promote(new CnpgCluster(k, "pg-main-replica", "pg-main-replica", 1), recording(notes, new java.util.HashMap<>()));
        assertEquals(List.of("WAL up to 000000020000000000000005 archived by the promoted pg-main-replica"), notes);
    }

    @Test
    void aContinuousArchivingConditionFromBeforeThePromotionIsNotArchiving() {
        healthyReplica();
        operator.psqlAnswers("pg-main-replica-1", CnpgOrchestrator.IN_RECOVERY, "f");
        operator.psqlAnswers("pg-main-replica-1", CnpgOrchestrator.SWITCH_WAL, "000000020000000000000005");
        // the timeline history file is archived first; the switched segment is not there yet
        operator.psqlAnswers("pg-main-replica-1", CnpgOrchestrator.LAST_ARCHIVED, "00000002.history");
        // patient enough for the promotion's psql round trips, not for an archive that never comes
        CnpgOrchestrator impatient = new CnpgOrchestrator(client, m, plan, false, Duration.ofSeconds(5)).pollEvery(Duration.ofMillis(20));
        K8sRecovery recovery = new K8sRecovery(impatient, new K8sEnvironment(impatient, K8sOptions.k3s(), EnvironmentSpec.DEFAULT, null), ARCHIVE);
        GameDayException e = assertThrows(GameDayException.class,
                () -> recovery.promote(new CnpgCluster(impatient, "pg-main-replica", "pg-main-replica", 1), gameday.harness.Phases.NONE));
        assertTrue(e.getMessage().contains("timed out after 5 s waiting for WAL segment 000000020000000000000005 of the promoted pg-main-replica to reach"),
                e.getMessage());
    }

    static gameday.harness.Phases recording(List<String> notes, Map<String, Object> measures) {
        return new gameday.harness.Phases() {
            @Override
            public <T> T phase(String name, java.util.concurrent.Callable<T> body) {
                return gameday.harness.Phases.NONE.phase(name, body);
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }

            @Override
            public void measure(String name, Object value) {
                measures.put(name, value);
            }
        };
    }

    @Test
    void killsThePrimaryPodWithCnpgsQuickDeletionPeriodAndSaysSo() throws Exception {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        operator.reports("pg-main", 1, true, true, null);
        operator.pod("pg-main-1", true, 0);
        List<String> notes = new java.util.ArrayList<>();
        Map<String, Object> measures = new java.util.HashMap<>();
        new K8sFaultInjector(k, new K8sEnvironment(k, K8sOptions.k3s(), EnvironmentSpec.DEFAULT, null)).recordingIn(recording(notes, measures))
                .kill(new CnpgCluster(k, "pg-main", "pg-main", 1));
        var delete = server.getLastRequest();
        assertNull(client.pods().inNamespace(NS).withName("pg-main-1").get());
        assertEquals("DELETE", delete.getMethod());
        assertTrue(delete.getBody().readUtf8().contains("\"gracePeriodSeconds\":1"), "tests/e2e/suite_test.go: quickDeletionPeriod = 1");
        assertEquals(1L, measures.get("podDeletionGracePeriodSeconds"));
        assertTrue(notes.get(0).startsWith("primary pod pg-main-1 deleted with grace period 1 s"), notes.toString());
    }

    @Test
    void afterAKillTheRestartWaitsForTheReplacementPodNotTheStatusFromBefore() {
        // short enough to give up on what never comes, long enough for a few round trips on busy cores when it has come
        CnpgOrchestrator impatient = new CnpgOrchestrator(client, m, plan, false, Duration.ofSeconds(2)).pollEvery(Duration.ofMillis(20));
        impatient.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        operator.reports("pg-main", 1, true, true, null);
        operator.pod("pg-main-1", true, 0);
        CnpgCluster main = new CnpgCluster(impatient, "pg-main", "pg-main", 1);
        main.kill();
        // the operator has not noticed yet: its status still says healthy, Ready=True
        GameDayException e = assertThrows(GameDayException.class, () -> main.start(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("Cluster pg-main to replace its killed primary pod pg-main-1"), e.getMessage());
        // CNPG recreates the instance under the same name on the same volume: a new UID
        operator.pod("pg-main-1", false, 0);
        assertThrows(GameDayException.class, () -> main.start(Duration.ofSeconds(1)), "the new pod is not Ready yet");
        client.pods().inNamespace(NS).withName("pg-main-1").delete();
        operator.pod("pg-main-1", true, 0);
        main.start(Duration.ofSeconds(1));
        assertTrue(main.isRunning());
    }

    @Test
    void aRestartedContainerInTheSamePodAlsoEndsTheKill() {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        operator.reports("pg-main", 1, true, true, null);
        Pod before = operator.pod("pg-main-1", true, 0);
        CnpgOrchestrator.PodState killed = new CnpgOrchestrator.PodState("pg-main-1", before.getMetadata().getUid(), 0);
        assertThrows(GameDayException.class, () -> impatient().awaitReplaced("pg-main", 1, killed));
        client.pods().inNamespace(NS).withName("pg-main-1").editStatus(p -> {
            p.getStatus().getContainerStatuses().get(0).setRestartCount(1);
            return p;
        });
        k.awaitReplaced("pg-main", 1, killed);
    }

    @Test
    void deletesThePrimaryPodAndTheClusterItOwns() {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        operator.reports("pg-main", 1, true, null, null);
        operator.pod("pg-main-1", true, 0);
        assertEquals("pg-main-1", k.deletePrimaryPod("pg-main").name());
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
        operator.reports("prod", 1, true, null, null);
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
    /** The plugin's ObjectStore status (plugin-barman-cloud api/v1/objectstore_types.go at v0.14.0: ObjectStoreStatus, RecoveryWindow). */
    static Map<String, Object> recoveryWindow(String server, String lastSuccessfulBackupTime) {
        return Map.of("serverRecoveryWindow", Map.of(server, Map.of("firstRecoverabilityPoint", "2026-11-23T09:00:00Z",
                "lastSuccessfulBackupTime", lastSuccessfulBackupTime)));
    }

    @Test
    void aPluginClustersLastSuccessfulBackupIsReadFromItsObjectStore() {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE), m.objectStore(CnpgManifests.objectStoreName("backups"), "backups"));
        // no status.lastSuccessfulBackup: "not set for backup plugins" (api/v1/cluster_types.go at v1.30.0)
        operator.reports("pg-main", 1, true, true, null);
        operator.status(CnpgManifests.PLUGIN_API, "ObjectStore", CnpgManifests.objectStoreName("backups"), recoveryWindow("pg-main", "2026-11-23T12:00:00Z"));
        CnpgCluster main = new CnpgCluster(k, "pg-main", "pg-main", 1);
        assertEquals(Instant.parse("2026-11-23T12:00:00Z"), main.lastSuccessfulBackup());
        BackupHealth.Signals h = new CnpgBackupSource(k, "pg-main", "pg-main", "backups", (bucket, prefix) -> Optional.empty()).read();
        assertEquals(main.lastSuccessfulBackup(), h.lastSuccessfulBackup());
        assertEquals("ObjectStore.status.serverRecoveryWindow", h.backupFrom());
    }

    @Test
    void anInTreeClustersLastSuccessfulBackupIsReadFromItsStatus() {
        CnpgManifests inTree = new CnpgManifests(NS, K8sOptions.k3s().withBackupForm(BackupForm.IN_TREE), new OwnerLabel("r1"));
        CnpgOrchestrator k2 = new CnpgOrchestrator(client, inTree, plan, false, Duration.ofSeconds(20));
        k2.apply("cluster", inTree.cluster("pg-main", "pg-main", "backups", ARCHIVE));
        // RFC 3339, as Cluster.UpdateBackupTimes writes it in the in-tree form (api/v1/cluster_funcs.go)
        operator.status(CnpgManifests.CNPG_API, "Cluster", "pg-main", Map.of("lastSuccessfulBackup", "2026-11-23T11:00:00Z"));
        operator.reports("pg-main", 1, true, true, null);
        CnpgCluster main = new CnpgCluster(k2, "pg-main", "pg-main", 1);
        assertEquals(Instant.parse("2026-11-23T11:00:00Z"), main.lastSuccessfulBackup());
        BackupHealth.Signals h = new CnpgBackupSource(k2, "pg-main", "pg-main", "backups", (bucket, prefix) -> Optional.empty()).read();
        assertEquals(main.lastSuccessfulBackup(), h.lastSuccessfulBackup());
        assertEquals("Cluster.status.lastSuccessfulBackup", h.backupFrom());
    }

    @Test
    void backupHealthReadsBackupCrsTheObjectStoreAndTheBucket() {
        k.apply("cluster", m.cluster("pg-main", "pg-main", "backups", ARCHIVE), m.objectStore(CnpgManifests.objectStoreName("backups"), "backups"),
                m.backup("b1", "pg-main"), m.backup("b2", "pg-main"));
        operator.reports("pg-main", 1, true, false, "unexpected failure invoking barman-cloud-wal-archive: exit status 1");
        // Backup status fields as api/v1/backup_types.go names them
        operator.status(CnpgManifests.CNPG_API, "Backup", "b1", Map.of("phase", "completed", "stoppedAt", "2026-11-23T10:00:00Z"));
        operator.status(CnpgManifests.CNPG_API, "Backup", "b2", Map.of("phase", "failed"));
        operator.status(CnpgManifests.PLUGIN_API, "ObjectStore", CnpgManifests.objectStoreName("backups"), recoveryWindow("pg-main", "2026-11-23T12:00:00Z"));
        Instant wal = Instant.parse("2026-11-23T12:30:00Z");
        BackupHealth.Signals h = new CnpgBackupSource(k, "pg-main", "pg-main", "backups",
                (bucket, prefix) -> prefix.equals("pg-main/wals/") ? Optional.of(wal) : Optional.empty()).read();
        assertEquals(Instant.parse("2026-11-23T12:00:00Z"), h.lastSuccessfulBackup());
        assertEquals("ObjectStore.status.serverRecoveryWindow", h.backupFrom());
        BackupHealth.Report r = BackupHealth.judge(h, Instant.parse("2026-11-23T13:00:00Z"), Duration.ofDays(1), Duration.ofMinutes(5));
        assertTrue(r.archiverFailing());
        assertEquals(List.of("ContinuousArchiving is not True: unexpected failure invoking barman-cloud-wal-archive: exit status 1", "no objects under base/",
                        "newest WAL object 2026-11-23T12:30:00Z is older than PT5M"), r.problems());
    }

}
