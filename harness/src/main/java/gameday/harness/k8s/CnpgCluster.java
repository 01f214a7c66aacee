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
    /** The primary pod a kill deleted, until {@link #start} has seen it replaced. */
    private volatile CnpgOrchestrator.PodState killed;

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
        return connect("postgres");
    }

    /** A connection to {@code database} as the superuser. */
    public Connection connect(String database) throws SQLException {
        try {
            return open(database);
        } catch (SQLException first) {
            reopenForward();
            return open(database);
        }
    }

    /**
     * A connection through the port-forward. Reopening the forward fails with fabric8's exceptions
     * when the pod or the {@code -rw} Service is gone (IllegalStateException "Could not find matching
     * pod", a 404 KubernetesClientException), and the password secret goes with a deleted Cluster:
     * to a client every one of them is a connection that could not be made (SQLSTATE 08001), so
     * the workload records a failed operation and carries on, as it would against a local server.
     */
    private Connection open(String database) throws SQLException {
        Properties p = new Properties();
        String url;
        try {
            p.setProperty("password", superuserPassword());
            url = jdbcUrl().replaceFirst("/postgres$", "/" + database);
        } catch (RuntimeException e) {
            throw new SQLException("cannot reach " + name + " through a port-forward to service " + name + "-rw: " + e.getMessage(), "08001", e);
        }
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url, p);
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

    /** Wakes the cluster from hibernation, or waits for the operator to replace a killed primary, and waits for it. */
    @Override
    public void start(Duration timeout) {
        k.patch(CnpgManifests.CNPG_API, "Cluster", name, hibernation("off"), "resume from hibernation");
        CnpgOrchestrator.PodState before = killed;
        if (before == null) {
            k.awaitReady(name, instances);
            return;
        }
        k.awaitReplaced(name, instances, before);
        killed = null;
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

    /** The fault ({@link K8sFaultInjector}): the primary pod deleted with CNPG's quick deletion period; returns the pod as it was. */
    CnpgOrchestrator.PodState kill() {
        killed = k.deletePrimaryPod(name);
        closeForward();
        return killed;
    }

    @Override
    public String backup(Duration timeout) {
        String backup = name + "-backup-" + backups.incrementAndGet();
        k.apply("on-demand base backup of " + name, k.manifests().backup(backup, name));
        k.awaitBackup(backup, timeout);
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

    /** Read as the backup-health checker reads it, in either backup form ({@link CnpgBackupSource#lastSuccessfulBackup}). */
    @Override
    public java.time.Instant lastSuccessfulBackup() {
        return CnpgBackupSource.lastSuccessfulBackup(k, name).at();
    }
}
