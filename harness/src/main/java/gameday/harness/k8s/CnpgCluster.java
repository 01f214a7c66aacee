package gameday.harness.k8s;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.wait.PgWait;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CNPG {@code Cluster} as a scenario sees it. JDBC goes through a port-forward to the
 * cluster's {@code -rw} service (the harness runs outside the cluster); the forward is reopened
 * when a connection fails, because after a failover it still points at the old pod.
 */
public final class CnpgCluster implements DatabaseCluster {
    private final CnpgOrchestrator k;
    private final String name;
    private final String serverName;
    private final int instances;
    private final AtomicInteger backups = new AtomicInteger();
    private LocalPortForward forward;

    public CnpgCluster(CnpgOrchestrator k, String name, String serverName, int instances) {
        this.k = k;
        this.name = name;
        this.serverName = serverName;
        this.instances = instances;
    }

    /** The orchestrator of this cluster's namespace (the DR region's for the replica). */
    CnpgOrchestrator orchestrator() {
        return k;
    }

    /** Its read-write service's fully qualified name, where the application's ExternalName points after a switchover. */
    String rwHost() {
        return k.manifests().rwHost(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public synchronized String jdbcUrl() {
        if (forward == null || !forward.isAlive())
            forward = k.client().services().inNamespace(k.manifests().namespace()).withName(name + "-rw").portForward(5432);
        return "jdbc:postgresql://127.0.0.1:" + forward.getLocalPort() + "/postgres";
    }

    @Override
    public Connection connect() throws SQLException {
        try {
            return open();
        } catch (SQLException first) {
            reopenForward();
            return open();
        }
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", superuserPassword());
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    private synchronized void reopenForward() {
        closeForward();
    }

    synchronized void closeForward() {
        if (forward == null) return;
        try {
            forward.close();
        } catch (Exception ignored) {
            // the forward's socket is local; nothing outlives the process
        }
        forward = null;
    }

    /**
     * The password of the harness's superuser secret that every cluster of the environment names in
     * {@code superuserSecret}: a replica cluster, and the primary it becomes, keep the source's password.
     */
    private String superuserPassword() {
        Secret s = k.client().secrets().inNamespace(k.manifests().namespace()).withName(CnpgManifests.SUPERUSER_SECRET).get();
        if (s == null || s.getData() == null || !s.getData().containsKey("password"))
            throw new GameDayException("secret " + CnpgManifests.SUPERUSER_SECRET + " is missing in " + k.manifests().namespace());
        return new String(Base64.getDecoder().decode(s.getData().get("password")), StandardCharsets.UTF_8);
    }

    /** Wakes the cluster from hibernation and waits for it. */
    @Override
    public void start(Duration timeout) {
        k.patch(CnpgManifests.CNPG_API, "Cluster", name, hibernation("off"), "resume from hibernation");
        k.awaitReady(name, instances);
    }

    @Override
    public boolean isRunning() {
        var c = k.cluster(name);
        return c != null && CnpgStatus.readyInstances(c) > 0 && CnpgStatus.conditionTrue(c, "Ready");
    }

    /** CNPG's graceful stop of a whole cluster is declarative hibernation (PVCs stay). */
    @Override
    public void stop(Duration timeout) {
        k.patch(CnpgManifests.CNPG_API, "Cluster", name, hibernation("on"), "hibernate");
    }

    /** The fault ({@link K8sFaultInjector}): the primary pod deleted with grace period 0. */
    void kill() {
        k.deletePrimaryPod(name);
        closeForward();
    }

    @Override
    public String backup(Duration timeout) {
        String backup = name + "-backup-" + backups.incrementAndGet();
        k.apply("on-demand base backup of " + name, k.manifests().backup(backup, name));
        k.awaitBackup(backup);
        Object id = CnpgStatus.of(k.generic(CnpgManifests.CNPG_API, "Backup").withName(backup).get()).get("backupId");
        return id == null ? backup : id.toString();
    }

    @Override
    public String switchWalAndAwaitArchived(Duration timeout) {
        // each probe opens a connection through the port-forward and reads the password secret: poll gently
        return PgWait.switchWalAndAwaitArchived(this, timeout, Duration.ofMillis(200));
    }

    @Override
    public String lastArchivedWal() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_archived_wal FROM pg_stat_archiver")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Map<String, Object> hibernation(String state) {
        return CnpgManifests.map("metadata", CnpgManifests.map("annotations", CnpgManifests.map("cnpg.io/hibernation", state)));
    }

    /** Deleting the Cluster is the Kubernetes form of "every local trace gone": CNPG removes its PVCs. */
    void destroy() {
        k.deleteCluster(name);
        closeForward();
    }

    /** CNPG's own {@code status.lastSuccessfulBackup} (in-tree form; the plugin form reports in its ObjectStore). */
    @Override
    public java.time.Instant lastSuccessfulBackup() {
        Object status = k.cluster(name).getAdditionalProperties().get("status");
        Object last = status instanceof java.util.Map<?, ?> m ? m.get("lastSuccessfulBackup") : null;
        return last == null ? null : java.time.Instant.parse(last.toString());
    }
}
