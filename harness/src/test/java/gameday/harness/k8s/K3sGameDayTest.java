package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.Phases;
import gameday.harness.Progress;
import gameday.harness.check.BackupHealth;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;

/**
 * The drop-table game day against the real CloudNativePG operator in a disposable k3s: archive to
 * an S3 pod, drop the table, PITR into a new Cluster, switch the ExternalName service over. It needs
 * a Docker engine that can pull images and run privileged containers (GitHub Actions has one);
 * without Docker it is skipped by Testcontainers, with that reason.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sGameDayTest {
    // not static: a static K3sContainer is initialised even when the class is skipped, and looks for Docker
    @Container
    K3sContainer k3s = K8sSubstrate.k3sContainer();

    @ParameterizedTest
    @EnumSource(BackupForm.class)
    void dropTableIsRecoveredByPitrIntoANewCluster(BackupForm form) throws Exception {
        String runId = "k3s-" + UUID.randomUUID().toString().substring(0, 8);
        EnvironmentSpec spec = EnvironmentSpec.DEFAULT.withArchiveTimeout(Duration.ofSeconds(10));
        try (K8sEnvironment env = new K8sSubstrate(K8sOptions.k3s().withBackupForm(form).withTimeout(Duration.ofMinutes(10)))
                .attach(K8sSubstrate.clientFor(k3s), null, runId, spec, Progress.SILENT)) {
            DatabaseCluster primary = env.primary();
            sql(primary, "CREATE TABLE objects (id int PRIMARY KEY, body text)", "INSERT INTO objects SELECT g, md5(g::text) FROM generate_series(1, 1000) g");
            assertNotNull(primary.backup(Duration.ofMinutes(5)));
            sql(primary, "INSERT INTO objects SELECT g, md5(g::text) FROM generate_series(1001, 2000) g");
            Instant target = Instant.now();
            sql(primary, "DROP TABLE objects");
            primary.switchWalAndAwaitArchived(Duration.ofMinutes(2));

            BackupHealth.Report health = env.backupHealth(primary, Duration.ofHours(1), Duration.ofMinutes(5)).probe();
            assertEquals(List.of(), health.problems());

            DatabaseCluster recovered = env.recovery().pitr(target, Phases.NONE);
            assertTrue(!recovered.serverName().equals(primary.serverName()));
            try (Connection c = recovered.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM objects")) {
                rs.next();
                assertEquals(2000, rs.getLong(1));
            }
            env.endpoint().switchTo(recovered);
            assertEquals(recovered.name() + "-rw." + env.name() + ".svc.cluster.local",
                    env.orchestrator().client().services().inNamespace(env.name()).withName(K8sEnvironment.APP_SERVICE).get().getSpec().getExternalName());

            // a pod-delete fault: the operator brings the recovered primary back
            env.faults().kill(recovered);
            env.orchestrator().awaitReady(recovered.name(), 1);
        }
    }

    private static void sql(DatabaseCluster c, String... statements) throws Exception {
        try (Connection conn = c.connect(); Statement s = conn.createStatement()) {
            for (String sql : statements) s.execute(sql);
        }
    }
}
