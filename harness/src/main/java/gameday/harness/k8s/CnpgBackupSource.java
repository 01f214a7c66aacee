package gameday.harness.k8s;

import gameday.harness.check.BackupHealth;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backup health as CloudNativePG tells it: the last successful base backup ({@link #lastSuccessfulBackup},
 * either backup form), the {@code ContinuousArchiving} condition of the {@code Cluster}, and the
 * newest objects actually in the bucket.
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
        LastBackup last = lastSuccessfulBackup(k, cluster);
        String archivingProblem = "True".equals(archiving.get("status")) ? null
                : "ContinuousArchiving is not True" + (archiving.get("message") == null ? "" : ": " + archiving.get("message"));
        BackupHealth.Archive archive = new BackupHealth.Archive(listing.newest(bucket, serverName + "/base/").orElse(null),
                listing.newest(bucket, serverName + "/wals/").orElse(null), null);
        return new BackupHealth.Signals(last.at(), last.from(), archivingProblem, null, 0, archive, List.of());
    }

    /** The end of the newest successful base backup, and which status said so ("none" when none does). */
    public record LastBackup(Instant at, String from) {}

    /**
     * The one reading of "last successful backup" on Kubernetes, for both backup forms: the newest of
     * the completed {@code Backup} CRs of the cluster, the Cluster's {@code status.lastSuccessfulBackup}
     * (in-tree only: deprecated and "not set for backup plugins", api/v1/cluster_types.go at v1.30.0),
     * and, in the plugin form, {@code ObjectStore.status.serverRecoveryWindow[serverName].lastSuccessfulBackupTime}
     * (plugin-barman-cloud api/v1/objectstore_types.go at v0.14.0) of the store and server name the
     * Cluster's plugin parameters name.
     */
    public static LastBackup lastSuccessfulBackup(CnpgOrchestrator k, String cluster) {
        GenericKubernetesResource c = k.cluster(cluster);
        LastBackup last = new LastBackup(null, "none");
        for (GenericKubernetesResource b : k.generic(CnpgManifests.CNPG_API, "Backup").list().getItems()) {
            Map<String, Object> st = CnpgStatus.of(b);
            if ("completed".equals(st.get("phase")) && cluster.equals(clusterOf(b)))
                last = newer(last, st.get("stoppedAt"), "Backup CRs");
        }
        last = newer(last, CnpgStatus.of(c).get("lastSuccessfulBackup"), "Cluster.status.lastSuccessfulBackup");
        Map<?, ?> plugin = barmanPlugin(c);
        if (plugin.get("barmanObjectName") != null && plugin.get("serverName") != null) {
            GenericKubernetesResource store = k.generic(CnpgManifests.PLUGIN_API, "ObjectStore").withName(plugin.get("barmanObjectName").toString()).get();
            if (CnpgStatus.of(store).get("serverRecoveryWindow") instanceof Map<?, ?> windows && windows.get(plugin.get("serverName")) instanceof Map<?, ?> w)
                last = newer(last, w.get("lastSuccessfulBackupTime"), "ObjectStore.status.serverRecoveryWindow");
        }
        return last;
    }

    private static LastBackup newer(LastBackup last, Object time, String from) {
        if (time == null) return last;
        Instant t = Instant.parse(time.toString());
        return last.at() == null || t.isAfter(last.at()) ? new LastBackup(t, from) : last;
    }

    /** The barman-cloud plugin's parameters in the Cluster's spec; empty in the in-tree form. */
    private static Map<?, ?> barmanPlugin(GenericKubernetesResource c) {
        if (c != null && CnpgManifests.spec(c) != null && CnpgManifests.spec(c).get("plugins") instanceof List<?> plugins)
            for (Object p : plugins)
                if (p instanceof Map<?, ?> m && CnpgManifests.PLUGIN_NAME.equals(m.get("name")) && m.get("parameters") instanceof Map<?, ?> params)
                    return params;
        return Map.of();
    }

    private static Object clusterOf(GenericKubernetesResource backup) {
        Object spec = backup.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> m && m.get("cluster") instanceof Map<?, ?> c ? c.get("name") : null;
    }
}
