package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gameday.harness.EnvironmentSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every CNPG and plugin manifest the harness generates must pass the CRD schemas of the pinned releases. */
class ManifestSchemaTest {
    static CrdSchemas schemas;
    static final Instant TARGET = Instant.parse("2026-11-23T13:45:01.123456Z");
    static final Duration ARCHIVE = Duration.ofSeconds(60);

    @BeforeAll
    static void load() throws Exception {
        schemas = CrdSchemas.load(K8sOptions.CNPG_MANIFEST, K8sOptions.PLUGIN_MANIFEST);
    }

    static CnpgManifests manifests(BackupForm form) {
        return new CnpgManifests("gameday-r1", K8sOptions.k3s().withBackupForm(form), new OwnerLabel("r1"));
    }

    @Test
    void thePinnedManifestsCarryTheCrdsTheHarnessUses() {
        for (String kind : List.of("Cluster", "Backup", "ScheduledBackup")) assertTrue(schemas.knows(CnpgManifests.CNPG_API, kind), kind);
        assertTrue(schemas.knows(CnpgManifests.PLUGIN_API, "ObjectStore"));
    }

    @ParameterizedTest
    @EnumSource(BackupForm.class)
    void everyGeneratedCustomResourceIsValid(BackupForm form) {
        CnpgManifests m = manifests(form);
        List<HasMetadata> all = new ArrayList<>(List.of(
                m.objectStore(CnpgManifests.objectStoreName("backups"), "backups"),
                m.cluster("pg-main", "pg-main", "backups", ARCHIVE),
                m.recoveryCluster("pg-main-recovered-1", "pg-main", "pg-main-recovered-1", "backups", TARGET, ARCHIVE),
                m.recoveryCluster("pg-main-recovered-2", "pg-main", "pg-main-recovered-2", "backups", null, ARCHIVE),
                m.replicaCluster("pg-main-replica", "pg-main", "pg-main-replica", "backups-dr", ARCHIVE),
                m.backup("pg-main-backup-1", "pg-main")));
        // and whatever a whole environment's dry run would apply
        all.addAll(new K8sSubstrate(K8sOptions.k3s().withBackupForm(form)).plan("r1", "region-loss", EnvironmentSpec.DEFAULT.withDrRegion()).manifests());
        int checked = 0;
        for (HasMetadata r : all) {
            if (!(r instanceof GenericKubernetesResource)) continue; // core kinds come from fabric8's typed builders
            assertEquals(List.of(), schemas.validate(r), r.getKind() + " " + r.getMetadata().getName());
            checked++;
        }
        assertTrue(checked >= (form == BackupForm.PLUGIN ? 9 : 7), "checked " + checked);
    }

    @Test
    void theReplicaClusterStaysValidOncePromoted() {
        GenericKubernetesResource replica = manifests(BackupForm.PLUGIN).replicaCluster("pg-main-replica", "pg-main", "pg-main-replica", "backups-dr", ARCHIVE);
        @SuppressWarnings("unchecked")
        Map<String, Object> patch = (Map<String, Object>) CnpgManifests.promotePatch().get("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> replicaSpec = (Map<String, Object>) CnpgManifests.spec(replica).get("replica");
        replicaSpec.putAll((Map<String, Object>) patch.get("replica"));
        assertEquals(List.of(), schemas.validate(replica));
        assertEquals(false, replicaSpec.get("enabled"));
    }

    @Test
    void theRecoveryClusterArchivesUnderADifferentServerName() {
        GenericKubernetesResource r = manifests(BackupForm.PLUGIN).recoveryCluster("pg-main-recovered-1", "pg-main", "pg-main-recovered-1", "backups", TARGET, ARCHIVE);
        String yaml = io.fabric8.kubernetes.client.utils.Serialization.asYaml(r);
        assertTrue(yaml.contains("targetTime: \"2026-11-23T13:45:01.123456Z\""), yaml);
        assertTrue(yaml.contains("serverName: \"pg-main-recovered-1\""), yaml);
        assertTrue(yaml.contains("serverName: \"pg-main\""), yaml);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> manifests(BackupForm.PLUGIN).recoveryCluster("x", "pg-main", "pg-main", "backups", TARGET, ARCHIVE));
    }

    /**
     * The environment's WAL prefetch ({@link EnvironmentSpec#walMaxParallel()}) and an immediate
     * checkpoint for base backups (as CNPG's e2e fixtures set {@code data.immediateCheckpoint})
     * reach every barman-cloud configuration the environment and its recoveries apply, in both forms.
     */
    @ParameterizedTest
    @EnumSource(BackupForm.class)
    void walPrefetchAndImmediateCheckpointReachEveryBarmanConfiguration(BackupForm form) {
        EnvironmentSpec spec = EnvironmentSpec.DEFAULT.withWalMaxParallel(3);
        List<HasMetadata> all = new ArrayList<>(new K8sSubstrate(K8sOptions.k3s().withBackupForm(form)).plan("r1", "region-loss", spec.withDrRegion()).manifests());
        all.add(new CnpgManifests("gameday-r1", K8sOptions.k3s().withBackupForm(form), new OwnerLabel("r1"), spec.walMaxParallel())
                .recoveryCluster("pg-main-recovered-1", "pg-main", "pg-main-recovered-1", "backups", TARGET, ARCHIVE));
        List<Map<?, ?>> configurations = new ArrayList<>();
        for (HasMetadata r : all) {
            if (!(r instanceof GenericKubernetesResource g)) continue;
            assertEquals(List.of(), schemas.validate(g), g.getKind() + " " + g.getMetadata().getName());
            barmanConfigurations(CnpgManifests.spec(g), configurations);
        }
        // plugin: the backup and DR ObjectStores; in-tree: the primary's and the recovery's archive, and the recovery's source
        assertTrue(configurations.size() >= (form == BackupForm.PLUGIN ? 2 : 3), configurations.toString());
        for (Map<?, ?> c : configurations) {
            assertEquals(3, ((Map<?, ?>) c.get("wal")).get("maxParallel"), c.toString());
            assertEquals(true, ((Map<?, ?>) c.get("data")).get("immediateCheckpoint"), c.toString());
        }
    }

    /** barman-cloud's BarmanObjectStoreConfiguration wherever it is embedded: the maps with a destinationPath. */
    static void barmanConfigurations(Object node, List<Map<?, ?>> found) {
        if (node instanceof Map<?, ?> m) {
            if (m.containsKey("destinationPath")) found.add(m);
            m.values().forEach(v -> barmanConfigurations(v, found));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> barmanConfigurations(v, found));
        }
    }

    @Test
    void aWrongFieldNameFails() {
        GenericKubernetesResource c = manifests(BackupForm.PLUGIN).cluster("pg-main", "pg-main", "backups", ARCHIVE);
        CnpgManifests.spec(c).put("instancez", 3);
        assertEquals(List.of(".spec.instancez: unknown field instancez"), schemas.validate(c));
    }

    @Test
    void aWrongNestedFieldNameFails() {
        GenericKubernetesResource c = manifests(BackupForm.IN_TREE).recoveryCluster("r", "pg-main", "r", "backups", TARGET, ARCHIVE);
        @SuppressWarnings("unchecked")
        Map<String, Object> recovery = (Map<String, Object>) ((Map<String, Object>) CnpgManifests.spec(c).get("bootstrap")).get("recovery");
        recovery.put("recoveryTarget", Map.of("targetTyme", "2026-11-23T13:45:01Z"));
        assertEquals(List.of(".spec.bootstrap.recovery.recoveryTarget.targetTyme: unknown field targetTyme"), schemas.validate(c));
    }

    @Test
    void wrongTypesEnumsAndMissingRequiredFieldsFail() {
        CnpgManifests m = manifests(BackupForm.PLUGIN);
        GenericKubernetesResource c = m.cluster("pg-main", "pg-main", "backups", ARCHIVE);
        CnpgManifests.spec(c).put("instances", "three");
        assertEquals(List.of(".spec.instances: must be integer, not string"), schemas.validate(c));

        GenericKubernetesResource b = m.backup("b", "pg-main");
        CnpgManifests.spec(b).put("method", "tape");
        List<String> errors = schemas.validate(b);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(".spec.method: \"tape\" is not one of"), errors.get(0));

        GenericKubernetesResource store = m.objectStore("s", "backups");
        @SuppressWarnings("unchecked")
        Map<String, Object> conf = (Map<String, Object>) CnpgManifests.spec(store).get("configuration");
        conf.remove("destinationPath");
        assertEquals(List.of(".spec.configuration: required field destinationPath is missing"), schemas.validate(store));
    }

    @Test
    void preserveUnknownFieldsAndMapsAreRespected() throws Exception {
        JsonNode schema = new ObjectMapper().readTree("""
                {"type":"object","properties":{"apiVersion":{"type":"string"},"kind":{"type":"string"},"spec":{"type":"object","properties":{
                  "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
                  "labels":{"type":"object","additionalProperties":{"type":"string"}},
                  "port":{"x-kubernetes-int-or-string":true}}}}}""");
        CrdSchemas s = CrdSchemas.of("example.dev/v1/Thing", schema);
        Map<String, Object> ok = Map.of("apiVersion", "example.dev/v1", "kind", "Thing",
                "spec", Map.of("free", Map.of("anything", Map.of("goes", 1)), "labels", Map.of("a", "b"), "port", "http"));
        assertEquals(List.of(), s.validate(ok));
        Map<String, Object> bad = Map.of("apiVersion", "example.dev/v1", "kind", "Thing", "spec", Map.of("labels", Map.of("a", 1), "other", true));
        List<String> errors = s.validate(bad);
        assertTrue(errors.contains(".spec.labels.a: must be string, not number"), errors.toString());
        assertTrue(errors.contains(".spec.other: unknown field other"), errors.toString());
    }
}
