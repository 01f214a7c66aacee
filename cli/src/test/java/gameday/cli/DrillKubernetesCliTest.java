package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.Journal;
import gameday.harness.k8s.CnpgStatus;
import gameday.harness.k8s.OwnerLabel;
import gameday.harness.local.TeamArchive;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gameday drill --substrate kubernetes} as a user runs it, against fabric8's mock API server
 * (the only fake allowed: no Kubernetes runs here) and a team's real archive on its own S3 server.
 * The test plays CNPG and the Job controller, in their words. The mock has no PostgreSQL behind
 * the port-forward, so the restored server cannot be validated: the drill exits 1, and says why.
 */
@EnableKubernetesMockClient(crud = true)
class DrillKubernetesCliTest {
    static final ResourceDefinitionContext CLUSTERS = new ResourceDefinitionContext.Builder().withGroup("postgresql.cnpg.io").withVersion("v1")
            .withKind("Cluster").withPlural("clusters").withNamespaced(true).build();
    @TempDir
    static Path dir;
    static TeamArchive team;
    KubernetesClient client;
    KubernetesMockServer server;

    @BeforeAll
    static void aTeamsArchive() throws Exception {
        team = new TeamArchive(dir.resolve("team"));
        team.rows(1, 100);
        team.backup();
        team.archived();
        team.stop();
    }

    @AfterAll
    static void close() throws Exception {
        if (team != null) team.close();
    }

    @Test
    void badKubernetesInputIsOneLineAndExitTwo() {
        String[] source = {"drill", "--from", "s3://b/p", "--server-name", "db"};
        BadInputTest.assertOneLineError(BadInputTest.gameday(with(source, "--substrate", "k3s")), "unknown substrate 'k3s' for drills: use local or kubernetes");
        BadInputTest.assertOneLineError(BadInputTest.gameday(with(source, "--substrate", "kubernetes")),
                "--substrate kubernetes needs an explicit --kubeconfig and --context");
        BadInputTest.assertOneLineError(BadInputTest.gameday(with(source, "--substrate", "kubernetes", "--kubeconfig", dir.resolve("none").toString(),
                "--context", "c")), "cannot read --kubeconfig");
        BadInputTest.assertOneLineError(BadInputTest.gameday(with(source, "--substrate", "kubernetes", "--kubeconfig", dir.toString(), "--context", "c",
                "--backup-form", "sidecar")), "unknown --backup-form 'sidecar'");
        BadInputTest.assertOneLineError(BadInputTest.gameday("clean", "--runs-dir", dir.resolve("runs-none").toString(), "--context", "c"),
                "give both --kubeconfig and --context, or neither");
        String help = BadInputTest.gameday("drill", "--help").out();
        assertTrue(help.contains("--kubeconfig") && help.contains("--context") && help.contains("kubernetes (a recovery Cluster"), help);
    }

    @Test
    void aDrillOnKubernetesBuildsAReadOnlyClusterInItsOwnNamespaceAndNeverPrintsTheKey() throws Exception {
        for (String crd : List.of("clusters.postgresql.cnpg.io", "objectstores.barmancloud.cnpg.io")) {
            String plural = crd.substring(0, crd.indexOf('.'));
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder().withNewMetadata().withName(crd)
                    .endMetadata().withNewSpec().withGroup(crd.substring(crd.indexOf('.') + 1)).withScope("Namespaced").withNewNames().withPlural(plural)
                    .withKind(plural.equals("clusters") ? "Cluster" : "ObjectStore").endNames().addNewVersion().withName("v1").withServed(true)
                    .withStorage(true).endVersion().endSpec().build()).create();
        }
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: mock, user: {token: mock}}]
                contexts: [{name: team-prod, context: {cluster: mock, user: mock}}]
                current-context: someone-elses
                """.formatted(client.getConfiguration().getMasterUrl()));
        TreeSet<String> before = team.snapshot(TeamArchive.BACKUP_BUCKET);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "drill", "--from", "s3://" + TeamArchive.BACKUP_BUCKET + "/" + TeamArchive.PATH,
                "--server-name", TeamArchive.SERVER, "--endpoint", team.endpoint(), "--substrate", "kubernetes", "--kubeconfig", "kubeconfig",
                "--context", "team-prod", "--namespace", "team", "--backup-form", "in-tree", "--timeout", "60s", "--runs-dir", "runs-k8s"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("KUBECONFIG"));
        pb.environment().putAll(team.credentials());
        pb.redirectOutput(dir.resolve("k8s-out.txt").toFile()).redirectError(dir.resolve("k8s-err.txt").toFile());
        Process p = pb.start();
        try {
            String ns = "team-drill";
            Awaitility.await("the drill's Cluster in namespace " + ns + ", or the drill's exit").atMost(Duration.ofMinutes(2))
                    .until(() -> !p.isAlive() || client.genericKubernetesResources(CLUSTERS).inNamespace(ns).withName("drill-1").get() != null);
            GenericKubernetesResource cluster = client.genericKubernetesResources(CLUSTERS).inNamespace(ns).withName("drill-1").get();
            assertTrue(cluster != null, () -> "no Cluster; the drill said: " + read("k8s-out.txt") + read("k8s-err.txt"));
            var secret = client.secrets().inNamespace(ns).withName("gameday-drill-source").get();
            assertEquals(team.credentials().get("AWS_SECRET_ACCESS_KEY"), secret.getStringData() != null ? secret.getStringData().get("ACCESS_SECRET_KEY")
                    : new String(java.util.Base64.getDecoder().decode(secret.getData().get("ACCESS_SECRET_KEY")), StandardCharsets.UTF_8));
            String runId = client.namespaces().withName(ns).get().getMetadata().getLabels().get(OwnerLabel.LABEL);
            Map<?, ?> spec = (Map<?, ?>) cluster.getAdditionalProperties().get("spec");
            assertNull(spec.get("backup"), spec::toString);
            Map<?, ?> store = (Map<?, ?>) ((Map<?, ?>) ((List<?>) spec.get("externalClusters")).get(0)).get("barmanObjectStore");
            assertEquals(team.endpoint(), store.get("endpointURL"));
            assertEquals(TeamArchive.SERVER, store.get("serverName"));

            // the Job controller (batch/v1 JobComplete), the kubelet, then CNPG (api/v1/cluster_types.go PhaseHealthy; Ready, pkg/resources/status/transactions.go)
            client.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder().withNewMetadata().withName("drill-1-1-full-recovery").endMetadata()
                    .withNewStatus().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True").withReason("CompletionsReached").endCondition()
                    .endStatus().build()).create();
            client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("drill-1-1").withLabels(Map.of(OwnerLabel.LABEL, runId))
                    .endMetadata().withNewSpec().addNewContainer().withName("postgres").endContainer().endSpec().build()).create();
            cluster.setAdditionalProperty("status", Map.of("phase", CnpgStatus.PHASE_HEALTHY, "instances", 1, "readyInstances", 1,
                    "currentPrimary", "drill-1-1", "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "ClusterIsReady",
                            "message", "Cluster is Ready", "lastTransitionTime", Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z")))));
            client.genericKubernetesResources(CLUSTERS).inNamespace(ns).resource(cluster).updateStatus();
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), "gameday drill did not exit");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("k8s-out.txt")), err = Files.readString(dir.resolve("k8s-err.txt"));
        assertEquals(1, p.exitValue(), () -> out + err);
        // validation needs PostgreSQL behind the port-forward, which the mock does not have: the drill says so and exits 1
        assertTrue(out.contains("restore latest: INVALID") && out.contains("phase validate failed: cannot reach drill-1 through a port-forward"), out);
        assertNull(client.namespaces().withName("team-drill").get(), "the namespace is deleted at the end");
        assertEquals(before, team.snapshot(TeamArchive.BACKUP_BUCKET), "the source bucket is unchanged");
        Path runDir;
        try (Stream<Path> s = Files.list(dir.resolve("runs-k8s"))) {
            runDir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Journal j = Journal.read(runDir);
        Map<?, ?> onto = (Map<?, ?>) j.environment.get("restoredOnto");
        assertEquals("kubernetes", onto.get("substrate"));
        assertEquals("team-drill", onto.get("namespace"));
        assertEquals("team-prod", onto.get("context"));
        assertTrue(j.scenarios.stream().anyMatch(s -> s.phases.stream().anyMatch(ph -> ph.name().equals("restore-replay-promote") && "ok".equals(ph.status()))),
                "the restore phase ended when the Job completed");
        for (String secret : team.secrets()) assertFalse((out + err).contains(secret), "a credential in the output");
        try (Stream<Path> files = Files.walk(dir.resolve("runs-k8s"))) {
            for (Path f : files.filter(Files::isRegularFile).toList())
                for (String secret : team.secrets()) assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(secret), "a credential in " + f);
        }
    }

    static String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (java.io.IOException e) {
            return "(" + file + " unreadable)";
        }
    }

    static String[] with(String[] a, String... more) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
