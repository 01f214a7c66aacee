package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cluster-manifest: the team's Cluster, rewritten for the disposable store, must still pass the pinned CRD schemas and keep what the team set. */
class TeamClusterTest {
    static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("examples/runbooks/k8s/postgres-prod.yaml");
    static final Duration ARCHIVE = Duration.ofSeconds(60);
    static CrdSchemas schemas;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        schemas = CrdSchemas.load(K8sOptions.CNPG_MANIFEST, K8sOptions.PLUGIN_MANIFEST);
    }

    static CnpgManifests manifests(BackupForm form, TeamCluster team) {
        return new CnpgManifests("gameday-r1", K8sOptions.k3s().withBackupForm(form), new OwnerLabel("r1")).withTeamCluster(team);
    }

    @Test
    void thePluginFormKeepsTheTeamsSettingsAndArchivesToTheDisposableStore() {
        TeamCluster.Rewritten rw = manifests(BackupForm.PLUGIN, TeamCluster.read(EXAMPLE)).teamCluster("pg-main", "pg-main", "backups", ARCHIVE).orElseThrow();
        GenericKubernetesResource c = rw.cluster();
        assertEquals(List.of(), schemas.validate(c));
        String yaml = Serialization.asYaml(c);
        assertTrue(yaml.contains("instances: 2") && yaml.contains("shared_buffers: \"256MB\"") && yaml.contains("archive_timeout: \"5min\""), yaml);
        assertTrue(yaml.contains("barmanObjectName: \"" + CnpgManifests.objectStoreName("backups") + "\"") && yaml.contains("serverName: \"pg-main\""), yaml);
        assertEquals("gameday-r1", c.getMetadata().getNamespace());
        assertEquals("r1", c.getMetadata().getLabels().get(OwnerLabel.LABEL));
        assertFalse(yaml.contains("prod-backups") || yaml.contains("postgres-prod-superuser") || yaml.contains("gp3"), yaml);
        assertEquals(List.of("storage.storageClass gp3 (k3s has local-path only)"), rw.unhonoured());
    }

    @Test
    void theInTreeFormKeepsTheTeamsWalSettingsAndRewritesDestinationAndCredentials() throws Exception {
        Path f = dir.resolve("in-tree.yaml");
        Files.writeString(f, """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: postgres-prod, namespace: prod}
                spec:
                  instances: 3
                  storage: {size: 5Gi}
                  affinity: {nodeSelector: {pool: db}}
                  bootstrap: {initdb: {database: app, owner: app, secret: {name: app-secret}}}
                  backup:
                    retentionPolicy: 30d
                    barmanObjectStore:
                      destinationPath: s3://prod-backups/
                      endpointURL: https://s3.eu-west-1.amazonaws.com
                      s3Credentials:
                        accessKeyId: {name: aws-creds, key: ACCESS_KEY_ID}
                        secretAccessKey: {name: aws-creds, key: ACCESS_SECRET_KEY}
                      wal: {compression: snappy, maxParallel: 4}
                """);
        TeamCluster.Rewritten rw = manifests(BackupForm.IN_TREE, TeamCluster.read(f)).teamCluster("pg-main", "pg-main", "backups", ARCHIVE).orElseThrow();
        assertEquals(List.of(), schemas.validate(rw.cluster()));
        String yaml = Serialization.asYaml(rw.cluster());
        assertTrue(yaml.contains("destinationPath: \"s3://backups/\"") && yaml.contains("compression: \"snappy\"") && yaml.contains("retentionPolicy: \"30d\""), yaml);
        assertTrue(yaml.contains("archive_timeout: \"60s\""), "unset archive_timeout takes the scenario's: " + yaml);
        assertFalse(yaml.contains("aws-creds") || yaml.contains("amazonaws") || yaml.contains("app-secret") || yaml.contains("nodeSelector"), yaml);
        assertEquals(List.of("affinity.nodeSelector (one k3s node)"), rw.unhonoured());
    }

    /** A PITR game day as the catalogue's drop-table declares it (the catalogue lives in the scenarios module). */
    static final gameday.harness.Scenario PITR_GAME_DAY = new gameday.harness.Scenario() {
        public Info info() {
            return Info.of("drop-table", "DROP TABLE, then PITR", "test", gameday.harness.Fault.SQL);
        }

        public gameday.harness.Procedure procedure() {
            return gameday.harness.Procedure.PITR;
        }

        public void inject(gameday.harness.run.ScenarioRun run) {}

        public gameday.harness.check.Expectation recover(gameday.harness.run.ScenarioRun run) {
            throw new UnsupportedOperationException("planned only");
        }
    };

    /** The whole dry run of a PITR game day with the team's Cluster: every custom resource passes the schemas. */
    @Test
    void theDryRunPlanWithTheTeamsClusterIsValid() {
        Plan plan = new K8sSubstrate(K8sOptions.k3s()).withClusterManifest(TeamCluster.read(EXAMPLE))
                .planScenario("r1", PITR_GAME_DAY, Instant.parse("2026-11-23T13:45:01.123456Z"));
        int checked = 0;
        for (HasMetadata r : plan.manifests()) {
            if (!(r instanceof GenericKubernetesResource)) continue;
            assertEquals(List.of(), schemas.validate(r), r.getKind() + " " + r.getMetadata().getName());
            checked++;
        }
        assertTrue(checked >= 3, "checked " + checked);
        assertTrue(plan.render().contains("shared_buffers: \"256MB\""), "the primary is the team's");
    }

    @Test
    void notAClusterOrNotYamlIsOneLine() throws Exception {
        Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {}\n");
        Files.writeString(dir.resolve("bad.yaml"), "kind: Cluster\n  spec: : :\n");
        assertTrue(assertThrows(GameDayException.class, () -> TeamCluster.read(dir.resolve("pod.yaml"))).getMessage().contains("found v1 Pod"));
        assertTrue(assertThrows(GameDayException.class, () -> TeamCluster.read(dir.resolve("bad.yaml"))).getMessage().contains("is not readable YAML"));
        assertTrue(assertThrows(GameDayException.class, () -> TeamCluster.read(dir.resolve("missing.yaml"))).getMessage().contains("is not readable YAML"));
    }
}
