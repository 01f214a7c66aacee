package gameday.harness.k8s;

import gameday.harness.check.BackupHealth;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backup health as CloudNativePG tells it: the last successful base backup from completed
 * {@code Backup} CRs or the plugin's {@code ObjectStore.status.serverRecoveryWindow} (whichever is
 * newer), the {@code ContinuousArchiving} condition of the {@code Cluster}, and the newest objects
 * actually in the bucket.
 */
public final class CnpgBackupSource implements BackupHealth.Source {
    /** The newest object under a prefix of a bucket, if any. */
    @FunctionalInterface
    public interface Listing {
        Optional<Instant> newest(String bucket, String prefix);
    }

    private final CnpgOrchestrator k;
    private final String cluster;
    private final String serverName;
    private final String bucket;
    private final Listing listing;

    /** For {@code cluster}, which archives as {@code serverName} into {@code bucket}. */
    public CnpgBackupSource(CnpgOrchestrator k, String cluster, String serverName, String bucket, Listing listing) {
        this.k = k;
        this.cluster = cluster;
        this.serverName = serverName;
        this.bucket = bucket;
        this.listing = listing;
    }

    @Override
    public BackupHealth.Signals read() {
        GenericKubernetesResource c = k.cluster(cluster);
        Map<String, Object> archiving = CnpgStatus.condition(c, "ContinuousArchiving");
        Instant fromCrs = null;
        for (GenericKubernetesResource b : k.generic(CnpgManifests.CNPG_API, "Backup").list().getItems()) {
            Map<String, Object> st = CnpgStatus.of(b);
            if (!"completed".equals(st.get("phase")) || !cluster.equals(clusterOf(b)) || st.get("stoppedAt") == null) continue;
            Instant t = Instant.parse(st.get("stoppedAt").toString());
            if (fromCrs == null || t.isAfter(fromCrs)) fromCrs = t;
        }
        Instant fromStore = recoveryWindow();
        // the in-tree status fields do not move with plugin backups, so take whichever source is newer
        boolean store = fromStore != null && (fromCrs == null || fromStore.isAfter(fromCrs));
        String archivingProblem = "True".equals(archiving.get("status")) ? null
                : "ContinuousArchiving is not True" + (archiving.get("message") == null ? "" : ": " + archiving.get("message"));
        BackupHealth.Archive archive = new BackupHealth.Archive(listing.newest(bucket, serverName + "/base/").orElse(null),
                listing.newest(bucket, serverName + "/wals/").orElse(null), null);
        return new BackupHealth.Signals(store ? fromStore : fromCrs,
                store ? "ObjectStore.status.serverRecoveryWindow" : fromCrs == null ? "none" : "Backup CRs",
                archivingProblem, null, 0, archive, List.of());
    }

    @SuppressWarnings("unchecked")
    private static Object clusterOf(GenericKubernetesResource backup) {
        Object spec = backup.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> m && m.get("cluster") instanceof Map<?, ?> c ? c.get("name") : null;
    }

    private Instant recoveryWindow() {
        if (k.manifests().options().backupForm() != BackupForm.PLUGIN) return null;
        GenericKubernetesResource store = k.generic(CnpgManifests.PLUGIN_API, "ObjectStore").withName(CnpgManifests.objectStoreName(bucket)).get();
        if (CnpgStatus.of(store).get("serverRecoveryWindow") instanceof Map<?, ?> windows
                && windows.get(serverName) instanceof Map<?, ?> w && w.get("lastSuccessfulBackupTime") != null)
            return Instant.parse(w.get("lastSuccessfulBackupTime").toString());
        return null;
    }
}
