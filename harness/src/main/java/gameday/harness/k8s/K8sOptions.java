package gameday.harness.k8s;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the Kubernetes substrates can be told. The CLI maps its options onto this record
 * one to one; {@link #k3s()} and {@link #kubernetes} are the two starting points.
 *
 * @param flavour        {@code k3s} (a disposable K3sContainer) or {@code kubernetes} (an existing cluster)
 * @param kubeconfig     the kubeconfig file, required for {@code kubernetes}; never the ambient default
 * @param context        the kubeconfig context, required for {@code kubernetes}
 * @param namespace      the namespace the harness creates and labels; null means {@code gameday-<runId>}
 * @param backupForm     plugin (default) or the in-tree {@code barmanObjectStore}
 * @param s3             the S3 server pod
 * @param postgresImage  the PostgreSQL operand image
 * @param instances      instances per CNPG cluster (1 keeps a 2-core CI runner happy)
 * @param timeout        how long any one wait may take
 * @param dryRun         print manifests and steps, apply nothing
 */
public record K8sOptions(String flavour, Path kubeconfig, String context, String namespace, BackupForm backupForm, S3Flavour s3,
                         String postgresImage, int instances, Duration timeout, boolean dryRun) {
    /** A current k3s release; the {@code -k3s1} suffix is part of Rancher's tag. */
    public static final String K3S_IMAGE = "rancher/k3s:v1.34.1-k3s1";
    /** PostgreSQL 18 image that CNPG 1.30.0 defaults to (pkg/versions/versions.go at v1.30.0). */
    public static final String POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie";
    public static final String CNPG_MANIFEST = "gameday/fixtures/k8s/cnpg-1.30.0.yaml";
    public static final String PLUGIN_MANIFEST = "gameday/fixtures/k8s/plugin-barman-cloud-v0.14.0.yaml";
    public static final String CERT_MANAGER_MANIFEST = "https://github.com/cert-manager/cert-manager/releases/download/v1.19.1/cert-manager.yaml";

    public K8sOptions {
        if (!flavour.equals("k3s") && !flavour.equals("kubernetes"))
            throw new IllegalArgumentException("flavour must be k3s or kubernetes, not " + flavour);
        if (flavour.equals("kubernetes") && !dryRun && (kubeconfig == null || context == null))
            throw new gameday.harness.GameDayException("--substrate kubernetes needs an explicit --kubeconfig and --context:"
                    + " the harness never acts on whatever cluster happens to be current");
    }

    public static K8sOptions k3s() {
        return new K8sOptions("k3s", null, null, null, BackupForm.PLUGIN, S3Flavour.MINIO, POSTGRES_IMAGE, 1, Duration.ofMinutes(10), false);
    }

    public static K8sOptions kubernetes(Path kubeconfig, String context) {
        return new K8sOptions("kubernetes", kubeconfig, context, null, BackupForm.PLUGIN, S3Flavour.MINIO, POSTGRES_IMAGE, 1,
                Duration.ofMinutes(15), false);
    }

    public K8sOptions withNamespace(String ns) {
        return new K8sOptions(flavour, kubeconfig, context, ns, backupForm, s3, postgresImage, instances, timeout, dryRun);
    }

    public K8sOptions withBackupForm(BackupForm f) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, f, s3, postgresImage, instances, timeout, dryRun);
    }

    public K8sOptions withS3(S3Flavour f) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, backupForm, f, postgresImage, instances, timeout, dryRun);
    }

    public K8sOptions withTimeout(Duration t) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, backupForm, s3, postgresImage, instances, t, dryRun);
    }

    public K8sOptions withDryRun(boolean d) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, backupForm, s3, postgresImage, instances, timeout, d);
    }

    public String namespaceFor(String runId) {
        return namespace != null ? namespace : "gameday-" + runId;
    }
}
