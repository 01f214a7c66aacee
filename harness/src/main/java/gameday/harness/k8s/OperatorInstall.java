package gameday.harness.k8s;

import gameday.harness.GameDayException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs the pinned operators into a disposable k3s cluster. On an existing cluster
 * ({@code kubernetes}) the harness installs nothing cluster-wide: it checks that the CRDs are
 * there and says which manifest to apply if not, because CRDs and webhooks are shared by
 * every namespace.
 */
final class OperatorInstall {
    static final String CNPG_NAMESPACE = "cnpg-system";

    private OperatorInstall() {}

    static void plan(Plan plan, K8sOptions o) {
        if (o.flavour().equals("kubernetes")) {
            plan.add("check", "CRD clusters.postgresql.cnpg.io" + (o.backupForm() == BackupForm.PLUGIN ? " and objectstores.barmancloud.cnpg.io" : "")
                    + " exist (the harness does not install operators into an existing cluster)", List.of(), null);
            return;
        }
        if (o.backupForm() == BackupForm.PLUGIN)
            plan.add("install", "cert-manager from " + K8sOptions.CERT_MANAGER_MANIFEST + " (needed by the Barman Cloud Plugin)", List.of(), null);
        plan.add("install", "CloudNativePG operator from classpath:" + K8sOptions.CNPG_MANIFEST + " (server-side apply)", List.of(), null);
        if (o.backupForm() == BackupForm.PLUGIN)
            plan.add("install", "Barman Cloud Plugin from classpath:" + K8sOptions.PLUGIN_MANIFEST, List.of(), null);
    }

    static void run(KubernetesClient client, K8sOptions o) {
        if (o.flavour().equals("kubernetes")) {
            requireCrd(client, "clusters.postgresql.cnpg.io", K8sOptions.CNPG_MANIFEST);
            if (o.backupForm() == BackupForm.PLUGIN) requireCrd(client, "objectstores.barmancloud.cnpg.io", K8sOptions.PLUGIN_MANIFEST);
            return;
        }
        if (o.backupForm() == BackupForm.PLUGIN) {
            try (InputStream in = URI.create(K8sOptions.CERT_MANAGER_MANIFEST).toURL().openStream()) {
                apply(client, in, o.timeout(), "cert-manager", "cert-manager-webhook");
            } catch (java.io.IOException e) {
                throw new GameDayException("cannot download cert-manager from " + K8sOptions.CERT_MANAGER_MANIFEST + ": " + e.getMessage(), e);
            }
        }
        apply(client, resource(K8sOptions.CNPG_MANIFEST), o.timeout(), CNPG_NAMESPACE, "cnpg-controller-manager");
        if (o.backupForm() == BackupForm.PLUGIN) apply(client, resource(K8sOptions.PLUGIN_MANIFEST), o.timeout(), CNPG_NAMESPACE, "barman-cloud");
    }

    private static InputStream resource(String path) {
        InputStream in = OperatorInstall.class.getClassLoader().getResourceAsStream(path);
        if (in == null) throw new GameDayException("the fixtures jar has no " + path + ": rebuild with mvn install");
        return in;
    }

    /** Server-side apply (the CRDs are too large for a last-applied annotation), then wait for the named Deployment. */
    private static void apply(KubernetesClient client, InputStream manifest, Duration timeout, String namespace, String deployment) {
        List<HasMetadata> items = client.load(manifest).items();
        for (HasMetadata item : items) {
            // images are preloaded into k3s (scripts/k3s-images.sh); the release manifests say Always
            if (item instanceof Deployment d)
                d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.setImagePullPolicy("IfNotPresent"));
        }
        client.resourceList(items).forceConflicts().serverSideApply();
        client.apps().deployments().inNamespace(namespace).withName(deployment).waitUntilReady(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void requireCrd(KubernetesClient client, String crd, String manifest) {
        if (client.apiextensions().v1().customResourceDefinitions().withName(crd).get() == null)
            throw new GameDayException("CRD " + crd + " is not installed in this cluster: ask its administrators to apply "
                    + manifest + " from the fixtures module (kubectl apply --server-side -f ...)");
    }
}
