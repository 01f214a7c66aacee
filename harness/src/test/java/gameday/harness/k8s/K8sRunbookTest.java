package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.GameDayException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * examples/runbooks/k8s/disaster-recovery.sh, the CNPG runbook's shape, checked without a cluster:
 * its --dry-run manifest passes the pinned CRD schemas and recovers from the damaged cluster's
 * backups under a new server name, and its ExternalName patch, applied to the fabric8 mock, is
 * what {@link K8sRunbookSite} reads as the switchover.
 */
@EnableKubernetesMockClient(crud = true)
class K8sRunbookTest {
    static final Path SCRIPT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("examples/runbooks/k8s/disaster-recovery.sh");
    static final String NS = "gameday-r1";
    static final String TARGET = "2026-11-23T13:45:01.123456Z";
    static CrdSchemas schemas;
    KubernetesClient client;

    @TempDir
    Path work;

    @BeforeAll
    static void load() throws Exception {
        schemas = CrdSchemas.load(K8sOptions.CNPG_MANIFEST, K8sOptions.PLUGIN_MANIFEST);
    }

    /** The environment K8sEnvironment.commandSite() gives the command (without the kubeconfig and keys: --dry-run needs neither). */
    static Map<String, String> vars(BackupForm form) {
        CnpgManifests m = new CnpgManifests(NS, K8sOptions.k3s().withBackupForm(form), new OwnerLabel("r1"));
        Map<String, String> v = new LinkedHashMap<>();
        v.put("GAMEDAY_NAMESPACE", NS);
        v.put("GAMEDAY_CLUSTER", K8sEnvironment.PRIMARY);
        v.put("GAMEDAY_SERVICE", K8sEnvironment.APP_SERVICE);
        v.put("GAMEDAY_BACKUP_FORM", form == BackupForm.PLUGIN ? "plugin" : "in-tree");
        v.put("GAMEDAY_OBJECT_STORE", CnpgManifests.objectStoreName(K8sEnvironment.BACKUP_BUCKET));
        v.put("GAMEDAY_DESTINATION_PATH", "s3://" + K8sEnvironment.BACKUP_BUCKET + "/");
        v.put("GAMEDAY_S3_ENDPOINT", m.s3Url());
        v.put("GAMEDAY_S3_SECRET", CnpgManifests.S3_SECRET);
        v.put("GAMEDAY_SERVER_NAME", K8sEnvironment.PRIMARY);
        v.put("GAMEDAY_IMAGE", K8sOptions.POSTGRES_IMAGE);
        return v;
    }

    static String dryRun(BackupForm form, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java.util.stream.Stream.concat(java.util.stream.Stream.of("sh", SCRIPT.toString(), "--dry-run"),
                java.util.stream.Stream.of(args)).toList()).redirectErrorStream(true);
        pb.environment().putAll(vars(form));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Object m, String... path) {
        Object o = m;
        for (String k : path) o = ((Map<String, Object>) o).get(k);
        return (Map<String, Object>) o;
    }

    @ParameterizedTest
    @EnumSource(BackupForm.class)
    void theRecoveryClusterOfEachModeIsValidAndArchivesUnderItsOwnName(BackupForm form) throws Exception {
        for (String[] mode : new String[][] {{"--mode", "pitr", "--target-time", TARGET}, {"--mode", "latest"}, {"--mode", "full-rebuild"}}) {
            String out = dryRun(form, mode);
            GenericKubernetesResource c = Serialization.unmarshal(out.substring(0, out.indexOf("\n# kubectl patch")), GenericKubernetesResource.class);
            assertEquals(List.of(), schemas.validate(c), out);
            Map<String, Object> spec = CnpgManifests.spec(c);
            Map<String, Object> recovery = at(spec, "bootstrap", "recovery");
            assertEquals("origin", recovery.get("source"));
            assertEquals(mode[1].equals("pitr") ? Map.of("targetTime", TARGET) : null, recovery.get("recoveryTarget"), String.join(" ", mode));
            String yaml = Serialization.asYaml(c);
            assertTrue(yaml.contains("serverName: \"pg-main\"") && yaml.contains("serverName: \"pg-main-recovered\""), yaml);
        }
    }

    @Test
    void thePatchedExternalNameIsTheSwitchoverTheHarnessReads() throws Exception {
        CnpgManifests m = new CnpgManifests(NS, K8sOptions.k3s(), new OwnerLabel("r1"));
        CnpgOrchestrator k = new CnpgOrchestrator(client, m, new Plan(), false, Duration.ofSeconds(20));
        k.createNamespace();
        client.services().inNamespace(NS).resource(m.appService(K8sEnvironment.APP_SERVICE, K8sEnvironment.PRIMARY)).create();
        K8sRunbookSite site = new K8sRunbookSite(k, work, K8sEnvironment.APP_SERVICE, K8sEnvironment.PRIMARY, 1, Map.of(), List.of());
        assertTrue(site.switchedTo(1).isEmpty(), "still pointing at the damaged cluster: never switched over");

        String out = dryRun(BackupForm.PLUGIN, "--mode", "pitr", "--target-time", TARGET);
        Matcher patch = Pattern.compile("-p '(\\{.*})'").matcher(out);
        assertTrue(patch.find(), out);
        client.services().inNamespace(NS).withName(K8sEnvironment.APP_SERVICE).patch(PatchContext.of(PatchType.JSON_MERGE), patch.group(1));
        assertTrue(assertThrows(GameDayException.class, () -> site.switchedTo(1)).getMessage().contains("there is no Cluster pg-main-recovered"),
                "pointing at a cluster the runbook never created");

        // kubectl apply of the runbook's manifest
        GenericKubernetesResource c = Serialization.unmarshal(out.substring(0, out.indexOf("\n# kubectl patch")), GenericKubernetesResource.class);
        k.generic(CnpgManifests.CNPG_API, "Cluster").resource(c).create();
        assertEquals("pg-main-recovered", site.switchedTo(1).orElseThrow().name());
        assertFalse(site.prepare(1).containsKey("AWS_SECRET_ACCESS_KEY"), "only what the site was given");
    }

    @Test
    void clusterBehindReadsCnpgsReadWriteServiceName() {
        assertEquals("pg-main-recovered", K8sRunbookSite.clusterBehind("pg-main-recovered-rw.ns.svc.cluster.local", "ns").orElseThrow());
        assertEquals("x", K8sRunbookSite.clusterBehind("x-rw.ns.svc", "ns").orElseThrow());
        assertTrue(K8sRunbookSite.clusterBehind("db.example.com", "ns").isEmpty());
    }
}
