package gameday.harness.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's backup health checks in one snapshot: the last successful base backup, whether
 * the operator says WAL archiving works, and the newest objects actually in the bucket. The
 * three come from different places on purpose: a silent archiving failure shows up as a gap
 * between them.
 *
 * @param lastSuccessfulBackup from completed {@code Backup} CRs, or the plugin's {@code ObjectStore.status.serverRecoveryWindow}
 * @param source               which of the two it came from
 * @param continuousArchiving  the {@code ContinuousArchiving} condition of the {@code Cluster}
 * @param newestBase           newest object under {@code <serverName>/base/}
 * @param newestWal            newest object under {@code <serverName>/wals/}
 */
public record CnpgBackupStatus(Instant lastSuccessfulBackup, String source, boolean continuousArchiving, String archivingMessage,
                           Instant newestBase, Instant newestWal) {
    /** The newest object under a prefix of a bucket, if any. */
    @FunctionalInterface
    public interface Listing {
        Optional<Instant> newest(String bucket, String prefix);
    }

    /** What is wrong, in words; empty when every check passes. */
    public List<String> problems(Instant now, Duration maxWalAge, Duration maxBackupAge) {
        List<String> p = new ArrayList<>();
        if (!continuousArchiving) p.add("ContinuousArchiving is not True" + (archivingMessage == null ? "" : ": " + archivingMessage));
        if (lastSuccessfulBackup == null) p.add("no successful base backup");
        else if (lastSuccessfulBackup.isBefore(now.minus(maxBackupAge))) p.add("last successful backup " + lastSuccessfulBackup + " is older than " + maxBackupAge);
        if (newestBase == null) p.add("no objects under base/");
        if (newestWal == null) p.add("no objects under wals/");
        else if (newestWal.isBefore(now.minus(maxWalAge))) p.add("newest WAL object " + newestWal + " is older than " + maxWalAge);
        return p;
    }

    /** Reads the checks for {@code cluster}, which archives as {@code serverName} into {@code bucket}. */
    public static CnpgBackupStatus probe(CnpgOrchestrator k, String cluster, String serverName, String bucket, Listing listing) {
        GenericKubernetesResource c = k.cluster(cluster);
        Map<String, Object> archiving = CnpgStatus.condition(c, "ContinuousArchiving");
        Instant fromCrs = null;
        for (GenericKubernetesResource b : k.generic(CnpgManifests.CNPG_API, "Backup").list().getItems()) {
            Map<String, Object> st = CnpgStatus.of(b);
            if (!"completed".equals(st.get("phase")) || !cluster.equals(clusterOf(b)) || st.get("stoppedAt") == null) continue;
            Instant t = Instant.parse(st.get("stoppedAt").toString());
            if (fromCrs == null || t.isAfter(fromCrs)) fromCrs = t;
        }
        Instant fromStore = recoveryWindow(k, bucket, serverName);
        // the in-tree status fields do not move with plugin backups, so take whichever source is newer
        boolean store = fromStore != null && (fromCrs == null || fromStore.isAfter(fromCrs));
        return new CnpgBackupStatus(store ? fromStore : fromCrs, store ? "ObjectStore.status.serverRecoveryWindow" : fromCrs == null ? "none" : "Backup CRs",
                "True".equals(archiving.get("status")), (String) archiving.get("message"),
                listing.newest(bucket, serverName + "/base/").orElse(null), listing.newest(bucket, serverName + "/wals/").orElse(null));
    }

    @SuppressWarnings("unchecked")
    private static Object clusterOf(GenericKubernetesResource backup) {
        Object spec = backup.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> m && m.get("cluster") instanceof Map<?, ?> c ? c.get("name") : null;
    }

    private static Instant recoveryWindow(CnpgOrchestrator k, String bucket, String serverName) {
        if (k.manifests().options().backupForm() != BackupForm.PLUGIN) return null;
        GenericKubernetesResource store = k.generic(CnpgManifests.PLUGIN_API, "ObjectStore").withName(CnpgManifests.objectStoreName(bucket)).get();
        if (CnpgStatus.of(store).get("serverRecoveryWindow") instanceof Map<?, ?> windows
                && windows.get(serverName) instanceof Map<?, ?> w && w.get("lastSuccessfulBackupTime") != null)
            return Instant.parse(w.get("lastSuccessfulBackupTime").toString());
        return null;
    }
}
