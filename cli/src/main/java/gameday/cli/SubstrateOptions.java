package gameday.cli;

import gameday.harness.GameDayException;
import gameday.harness.Substrate;
import gameday.harness.k8s.BackupForm;
import gameday.harness.k8s.K8sOptions;
import gameday.harness.k8s.K8sSubstrate;
import gameday.harness.k8s.S3Flavour;
import gameday.harness.k8s.TeamCluster;
import gameday.harness.local.LocalSubstrate;
import gameday.harness.local.S3Target;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose and configure a substrate, shared by the commands that build environments. */
final class SubstrateOptions {
    @Option(names = "--substrate", defaultValue = "local", description = "Where environments are built: local (default), k3s, kubernetes.")
    String substrate;

    @Option(names = "--kubeconfig", description = "kubernetes: the kubeconfig file (required, never the ambient one).")
    Path kubeconfig;

    @Option(names = "--context", description = "kubernetes: the context to use (required).")
    String context;

    @Option(names = "--namespace", description = "k3s/kubernetes: prefix of the namespaces to create and label, one per scenario"
            + " (default gameday-<run id>; the scenario's name is appended).")
    String namespace;

    @Option(names = "--backup-form", defaultValue = "plugin", description = "k3s/kubernetes: plugin (Barman Cloud Plugin, default) or in-tree (CNPG <= 1.30).")
    String backupForm;

    @Option(names = "--s3", defaultValue = "minio", description = "k3s/kubernetes: S3 server pod, minio (default) or rustfs.")
    String s3;

    @Option(names = "--dry-run", description = "k3s/kubernetes: print each scenario's manifests and steps, apply nothing.")
    boolean dryRun;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", description = "k3s/kubernetes: the cluster's DNS domain for the application's"
            + " ExternalName service (default: read from the kubelet's configuration).")
    String clusterDomain;

    @Option(names = "--cluster-manifest", paramLabel = "FILE", description = "k3s/kubernetes: the team's own CloudNativePG Cluster for the primary "
            + "(parameters, archive_timeout, instances, backup form kept); only its backup destination, credentials and namespace are rewritten "
            + "to the disposable store. --dry-run prints what was rewritten and what the substrate cannot honour.")
    Path clusterManifest;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "local: use this S3 endpoint instead of the in-process server "
            + "(credentials from GAMEDAY_S3_ACCESS_KEY / GAMEDAY_S3_SECRET_KEY).")
    String s3Endpoint;

    @Option(names = "--allow-remote-s3", description = "Allow an --s3-endpoint that is not on this machine (buckets are created and deleted there).")
    boolean allowRemoteS3;

    boolean isLocal() {
        return substrate.equals("local");
    }

    Substrate substrate() {
        if (isLocal()) {
            if (clusterManifest != null) throw new GameDayException("--cluster-manifest applies to --substrate k3s or kubernetes, not local");
            if (dryRun) throw new GameDayException("--dry-run applies to --substrate k3s or kubernetes");
            Doctor.requireLocal();
            if (s3Endpoint == null) return new LocalSubstrate();
            S3Target target = S3Target.of(s3Endpoint, allowRemoteS3);
            target.check();
            return new LocalSubstrate(target);
        }
        return k8sSubstrate();
    }

    /** The k3s/kubernetes substrate, with the team's Cluster manifest when one was given (checked here: exit 2 for bad input). */
    K8sSubstrate k8sSubstrate() {
        K8sSubstrate s = new K8sSubstrate(k8s());
        if (clusterManifest == null) return s;
        return s.withClusterManifest(TeamCluster.read(clusterManifest));
    }

    /** What the named substrate supports, known without constructing it: no Docker, no kubeconfig, nothing built. */
    static Substrate.Support support(String substrate) {
        return switch (substrate) {
            case "local" -> LocalSubstrate.SUPPORT;
            case "k3s", "kubernetes" -> K8sSubstrate.SUPPORT;
            default -> throw unknown(substrate);
        };
    }

    private static GameDayException unknown(String substrate) {
        return new GameDayException("unknown substrate '" + substrate + "': use local, k3s or kubernetes");
    }

    K8sOptions k8s() {
        K8sOptions base = switch (substrate) {
            case "k3s" -> K8sOptions.k3s();
            case "kubernetes" -> new K8sOptions("kubernetes", kubeconfig, context, null, BackupForm.PLUGIN, S3Flavour.MINIO,
                    K8sOptions.POSTGRES_IMAGE, 1, java.time.Duration.ofMinutes(15), dryRun);
            default -> throw unknown(substrate);
        };
        BackupForm form = backupForm(backupForm);
        S3Flavour flavour = switch (s3) {
            case "minio" -> S3Flavour.MINIO;
            case "rustfs" -> S3Flavour.RUSTFS;
            default -> throw new GameDayException("unknown --s3 '" + s3 + "': use minio or rustfs");
        };
        return base.withNamespace(namespace).withBackupForm(form).withS3(flavour).withDryRun(dryRun).withClusterDomain(clusterDomain);
    }

    static BackupForm backupForm(String text) {
        return switch (text) {
            case "plugin" -> BackupForm.PLUGIN;
            case "in-tree" -> BackupForm.IN_TREE;
            default -> throw new GameDayException("unknown --backup-form '" + text + "': use plugin or in-tree");
        };
    }
}
