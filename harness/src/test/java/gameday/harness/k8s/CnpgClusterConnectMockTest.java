package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Endpoint;
import gameday.harness.run.RunClock;
import gameday.harness.workload.History;
import gameday.harness.workload.Op;
import gameday.harness.workload.Workload;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sees of a cluster whose pod or {@code -rw} Service is gone (a kill, a deleted
 * Cluster): fabric8 fails to open the port-forward with its own exceptions, and every one of them
 * must reach the client as a connection that could not be made, never as an exception that ends
 * a workload thread or a detection probe.
 */
@EnableKubernetesMockClient(crud = true)
class CnpgClusterConnectMockTest {
    static final String NS = "gameday-r1";
    KubernetesClient client;
    CnpgOrchestrator k;

    @BeforeEach
    void setUp() {
        k = new CnpgOrchestrator(client, new CnpgManifests(NS, K8sOptions.k3s(), new OwnerLabel("r1")), new Plan(), false, Duration.ofSeconds(5));
        k.createNamespace();
        // the basic-auth secret (username, password) the harness creates and every Cluster names in superuserSecret;
        // as the API server stores it, base64 in data (the mock does not convert stringData)
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(CnpgManifests.SUPERUSER_SECRET).endMetadata()
                .withData(Map.of("username", b64("postgres"), "password", b64("not-a-real-one"))).build()).create();
    }

    @Test
    void aMissingRwServiceIsAFailedConnection() {
        // fabric8 reads the Service first: a 404 KubernetesClientException once the Cluster is gone
        SQLException e = assertThrows(SQLException.class, () -> new CnpgCluster(k, "pg-main", "pg-main", 1).connect());
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().startsWith("cannot reach pg-main through a port-forward to service pg-main-rw"), e.getMessage());
        assertTrue(e.getCause() instanceof io.fabric8.kubernetes.client.KubernetesClientException, String.valueOf(e.getCause()));
    }

    @Test
    void aServiceWithoutItsPodIsAFailedConnection() {
        // the -rw Service CNPG keeps while the primary's pod is being replaced (selector as pkg/specs/services.go,
        // CreateClusterReadWriteService): fabric8 throws IllegalStateException "Could not find matching pod"
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("pg-main-rw").endMetadata().withNewSpec()
                .withSelector(Map.of("cnpg.io/cluster", "pg-main", "cnpg.io/instanceRole", "primary")).addNewPort().withPort(5432).endPort()
                .endSpec().build()).create();
        SQLException e = assertThrows(SQLException.class, () -> new CnpgCluster(k, "pg-main", "pg-main", 1).connect());
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("Could not find matching pod"), e.getMessage());
    }

    @Test
    void aMissingSecretIsAFailedConnection() {
        client.secrets().inNamespace(NS).withName(CnpgManifests.SUPERUSER_SECRET).delete();
        SQLException e = assertThrows(SQLException.class, () -> new CnpgCluster(k, "pg-main", "pg-main", 1).connect());
        assertEquals("08001", e.getSQLState());
    }

    @Test
    void theWorkloadRecordsFailedOperationsAndKeepsEveryClientRunning(@TempDir Path dir) {
        Endpoint endpoint = new Endpoint(new CnpgCluster(k, "pg-main", "pg-main", 1), K8sEnvironment.APP_BUCKET);
        try (History history = new History(dir.resolve("history.jsonl"), new RunClock());
             Workload w = new Workload(endpoint, null, history, new Workload.Profile(2, 40, 0, 256, 256))) {
            w.start();
            // a thread that died on its first connection would never record its third attempt
            Awaitility.await("both clients to record three failed writes").atMost(Duration.ofSeconds(60))
                    .until(() -> failed(history, "c0-3") && failed(history, "c1-3"));
        }
    }

    static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static boolean failed(History h, String key) {
        return h.ops().stream().anyMatch(o -> o.key().equals(key) && o.outcome() == Op.Outcome.FAIL && o.error().equals("no connection"));
    }
}
