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
 * @param clusterDomain  the cluster's DNS domain for the ExternalName service; null: read from the kubelet at run time
 */
public record K8sOptions(String flavour, Path kubeconfig, String context, String namespace, BackupForm backupForm, S3Flavour s3,
                         String postgresImage, int instances, Duration timeout, boolean dryRun, String clusterDomain) {
    /** Kubernetes' default {@code clusterDomain}; what a dry run shows when none was given. */
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

    /** A current k3s release; the {@code -k3s1} suffix is part of Rancher's tag. */
    public static final String K3S_IMAGE = "rancher/k3s:v1.34.1-k3s1";
    /** PostgreSQL 18 image that CNPG 1.30.0 defaults to (pkg/versions/versions.go at v1.30.0). */
    public static final String POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie";
    /**
     * The operand image of a PostgreSQL major: the pinned one for 18, else CNPG's rolling
     * {@code <major>-system-trixie} tag of the same family (ghcr.io/cloudnative-pg/postgresql; the
     * system images carry barman-cloud, which the in-tree form needs in the operand).
     */
    public static String postgresImage(int major) {
        return POSTGRES_IMAGE.startsWith("ghcr.io/cloudnative-pg/postgresql:" + major + ".") ? POSTGRES_IMAGE
                : "ghcr.io/cloudnative-pg/postgresql:" + major + "-system-trixie";
    }

    public static final String CNPG_MANIFEST = "gameday/fixtures/k8s/cnpg-1.30.0.yaml";
    public static final String PLUGIN_MANIFEST = "gameday/fixtures/k8s/plugin-barman-cloud-v0.14.0.yaml";
    /** The cert-manager v1.19.1 release asset, pinned like the others (see the fixtures README for its source). */
    public static final String CERT_MANAGER_MANIFEST = "gameday/fixtures/k8s/cert-manager-v1.19.1.yaml";

    public K8sOptions(String flavour, Path kubeconfig, String context, String namespace, BackupForm backupForm, S3Flavour s3,
                      String postgresImage, int instances, Duration timeout, boolean dryRun) {
        this(flavour, kubeconfig, context, namespace, backupForm, s3, postgresImage, instances, timeout, dryRun, null);
    }

    public K8sOptions {
        if (clusterDomain != null && !clusterDomain.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"))
            throw new gameday.harness.GameDayException("--cluster-domain '" + clusterDomain + "' is not a DNS domain");
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
        return new K8sOptions(flavour, kubeconfig, context, ns, backupForm, s3, postgresImage, instances, timeout, dryRun, clusterDomain);
    }

    public K8sOptions withBackupForm(BackupForm f) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, f, s3, postgresImage, instances, timeout, dryRun, clusterDomain);
    }

    public K8sOptions withS3(S3Flavour f) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, backupForm, f, postgresImage, instances, timeout, dryRun, clusterDomain);
    }

    public K8sOptions withTimeout(Duration t) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, backupForm, s3, postgresImage, instances, t, dryRun, clusterDomain);
    }

    public K8sOptions withDryRun(boolean d) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, backupForm, s3, postgresImage, instances, timeout, d, clusterDomain);
    }

    public K8sOptions withClusterDomain(String domain) {
        return new K8sOptions(flavour, kubeconfig, context, namespace, backupForm, s3, postgresImage, instances, timeout, dryRun, domain);
    }

    public String clusterDomainOrDefault() {
        return clusterDomain != null ? clusterDomain : DEFAULT_CLUSTER_DOMAIN;
    }

    /**
     * One namespace per scenario: every scenario of a run shares the run id, and the namespace of
     * the previous scenario may still be Terminating when the next one starts. {@code --namespace}
     * is the prefix then. The DR region's namespace adds {@link #DR_SUFFIX}, so 60 characters is the
     * most a scenario's namespace may have (a Kubernetes name is a DNS label of at most 63).
     */
    public String namespaceFor(String runId, String scenario) {
        String ns = (namespace != null ? namespace : "gameday-" + runId) + "-" + scenario;
        if (ns.length() > 63 - DR_SUFFIX.length())
            throw new gameday.harness.GameDayException("namespace " + ns + " is longer than " + (63 - DR_SUFFIX.length())
                    + " characters: give a shorter --namespace");
        return ns;
    }

    /** The "DR region" of a scenario's namespace: the replica cluster lives there. */
    public static final String DR_SUFFIX = "-dr";
}
