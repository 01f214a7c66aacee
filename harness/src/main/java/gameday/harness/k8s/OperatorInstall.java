package gameday.harness.k8s;

import gameday.harness.GameDayException;
import gameday.harness.wait.Wait;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Installs the pinned operators into a disposable k3s cluster, from the fixtures only: nothing is
 * downloaded at run time. On an existing cluster ({@code kubernetes}) the harness installs nothing
 * cluster-wide: it checks that the CRDs are there and says which manifest to apply if not, because
 * CRDs and webhooks are shared by every namespace.
 */
final class OperatorInstall {
    static final String CNPG_NAMESPACE = "cnpg-system";
    static final String CERT_MANAGER_NAMESPACE = "cert-manager";
    /** The plugin's e2e waits for all three (plugin-barman-cloud test/e2e/internal/certmanager/certmanager.go at v0.14.0). */
    static final List<String> CERT_MANAGER_DEPLOYMENTS = List.of("cert-manager", "cert-manager-cainjector", "cert-manager-webhook");
    /** The webhook configurations cert-manager's cainjector fills with the webhook's CA. */
    static final String CERT_MANAGER_WEBHOOK = "cert-manager-webhook";
    private static final Duration POLL = Duration.ofSeconds(2);

    private OperatorInstall() {}

    static void plan(Plan plan, K8sOptions o) {
        if (o.flavour().equals("kubernetes")) {
            plan.add("check", "CRD clusters.postgresql.cnpg.io" + (o.backupForm() == BackupForm.PLUGIN ? " and objectstores.barmancloud.cnpg.io" : "")
                    + " exist (the harness does not install operators into an existing cluster)", List.of(), null);
            return;
        }
        if (o.backupForm() == BackupForm.PLUGIN) {
            plan.add("install", "cert-manager from classpath:" + K8sOptions.CERT_MANAGER_MANIFEST + " (needed by the Barman Cloud Plugin)", List.of(), null);
            for (String d : CERT_MANAGER_DEPLOYMENTS)
                plan.add("wait", "Deployment " + CERT_MANAGER_NAMESPACE + "/" + d + " condition Available=True", List.of(), null);
            plan.add("wait", "cert-manager's cainjector has put the webhook's CA into the " + CERT_MANAGER_WEBHOOK + " webhook configurations",
                    List.of(), null);
        }
        plan.add("install", "CloudNativePG operator from classpath:" + K8sOptions.CNPG_MANIFEST + " (server-side apply)", List.of(), null);
        if (o.backupForm() == BackupForm.PLUGIN)
            plan.add("install", "Barman Cloud Plugin (its Issuer and Certificate need a working cert-manager webhook) from classpath:"
                    + K8sOptions.PLUGIN_MANIFEST, List.of(), null);
    }

    static void run(KubernetesClient client, K8sOptions o) {
        if (o.flavour().equals("kubernetes")) {
            requireCrd(client, "clusters.postgresql.cnpg.io", K8sOptions.CNPG_MANIFEST);
            if (o.backupForm() == BackupForm.PLUGIN) requireCrd(client, "objectstores.barmancloud.cnpg.io", K8sOptions.PLUGIN_MANIFEST);
            return;
        }
        if (o.backupForm() == BackupForm.PLUGIN) {
            try (InputStream in = certManagerManifest()) {
                apply(client, in);
            } catch (IOException e) {
                throw new GameDayException("cannot read the cert-manager manifest: " + e.getMessage(), e);
            }
            awaitCertManager(client, o.timeout());
        }
        apply(client, resource(K8sOptions.CNPG_MANIFEST));
        awaitAvailable(client, CNPG_NAMESPACE, "cnpg-controller-manager", o.timeout());
        if (o.backupForm() == BackupForm.PLUGIN) {
            apply(client, resource(K8sOptions.PLUGIN_MANIFEST));
            awaitAvailable(client, CNPG_NAMESPACE, "barman-cloud", o.timeout());
        }
    }

    /**
     * cert-manager is usable when its three Deployments are Available and the cainjector has put the
     * webhook's CA into the webhook configurations: before that the API server cannot call the
     * webhook, and the plugin's Issuer and Certificate are refused.
     */
    static void awaitCertManager(KubernetesClient client, Duration timeout) {
        for (String d : CERT_MANAGER_DEPLOYMENTS) awaitAvailable(client, CERT_MANAGER_NAMESPACE, d, timeout);
        Wait.forThe("cert-manager's cainjector to inject the webhook CA into " + CERT_MANAGER_WEBHOOK).atMost(timeout).pollEvery(POLL)
                .until(() -> caInjected(client));
    }

    static boolean caInjected(KubernetesClient client) {
        var validating = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(CERT_MANAGER_WEBHOOK).get();
        var mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(CERT_MANAGER_WEBHOOK).get();
        return validating != null && mutating != null
                && allHaveCa(validating.getWebhooks(), (ValidatingWebhook w) -> w.getClientConfig() == null ? null : w.getClientConfig().getCaBundle())
                && allHaveCa(mutating.getWebhooks(), (MutatingWebhook w) -> w.getClientConfig() == null ? null : w.getClientConfig().getCaBundle());
    }

    private static <W> boolean allHaveCa(List<W> webhooks, Function<W, String> ca) {
        return webhooks != null && !webhooks.isEmpty() && webhooks.stream().map(ca).allMatch(b -> b != null && !b.isBlank());
    }

    /** Ready as the plugin's e2e reads it: condition Available=True (test/e2e/internal/deployment/deployment.go). */
    static void awaitAvailable(KubernetesClient client, String namespace, String deployment, Duration timeout) {
        Wait.forThe("Deployment " + namespace + "/" + deployment + " condition Available=True").atMost(timeout).pollEvery(POLL).until(() -> {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
            return d != null && d.getStatus() != null && d.getStatus().getConditions() != null && d.getStatus().getConditions().stream()
                    .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }

    /**
     * The pinned cert-manager release manifest: from the fixtures jar, else from the preloaded images
     * folder ({@code scripts/k3s-images.sh save} puts it there). Never from the network.
     */
    static InputStream certManagerManifest() throws IOException {
        InputStream in = OperatorInstall.class.getClassLoader().getResourceAsStream(K8sOptions.CERT_MANAGER_MANIFEST);
        if (in != null) return in;
        String images = System.getenv(K8sSubstrate.IMAGES_ENV);
        Path file = images == null ? null : Path.of(images, Path.of(K8sOptions.CERT_MANAGER_MANIFEST).getFileName().toString());
        if (file != null && Files.isRegularFile(file)) return Files.newInputStream(file);
        throw new GameDayException("no cert-manager manifest: put " + Path.of(K8sOptions.CERT_MANAGER_MANIFEST).getFileName()
                + " into the fixtures (fixtures/src/main/resources/" + K8sOptions.CERT_MANAGER_MANIFEST + ") or run scripts/k3s-images.sh save"
                + " and export " + K8sSubstrate.IMAGES_ENV + "; the harness downloads nothing at run time");
    }

    private static InputStream resource(String path) {
        InputStream in = OperatorInstall.class.getClassLoader().getResourceAsStream(path);
        if (in == null) throw new GameDayException("the fixtures jar has no " + path + ": rebuild with mvn install");
        return in;
    }

    /** Server-side apply (the CRDs are too large for a last-applied annotation). */
    private static void apply(KubernetesClient client, InputStream manifest) {
        List<HasMetadata> items = client.load(manifest).items();
        for (HasMetadata item : items) {
            // images are preloaded into k3s (scripts/k3s-images.sh); the release manifests say Always
            if (item instanceof Deployment d)
                d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.setImagePullPolicy("IfNotPresent"));
        }
        client.resourceList(items).forceConflicts().serverSideApply();
    }

    private static void requireCrd(KubernetesClient client, String crd, String manifest) {
        if (client.apiextensions().v1().customResourceDefinitions().withName(crd).get() == null)
            throw new GameDayException("CRD " + crd + " is not installed in this cluster: ask its administrators to apply "
                    + manifest + " from the fixtures module (kubectl apply --server-side -f ...)");
    }
}
