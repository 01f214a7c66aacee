package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.GameDayException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What would break on a live cluster, against fabric8's mock API server in CRUD mode. Each test
 * writes only what Kubernetes, cert-manager or CNPG write themselves, with the source named.
 */
@EnableKubernetesMockClient(crud = true)
class K8sSubstrateMockTest {
    static final Duration SHORT = Duration.ofMillis(600);
    KubernetesClient client;
    KubernetesMockServer server;

    // ---- defect 3: one namespace per scenario, never a Terminating one

    @Test
    void aTerminatingNamespaceIsRefusedEvenWithThisRunsLabel() {
        // what the API server shows while a namespace is deleted: status.phase Terminating
        // (k8s.io/api core/v1 types.go: NamespaceTerminating; the namespace lifecycle controller keeps it until its content is gone)
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("gameday-r1-drop-table")
                .withLabels(Map.of(OwnerLabel.LABEL, "r1")).endMetadata().withNewStatus().withPhase("Terminating").endStatus().build()).create();
        assertEquals("Terminating", client.namespaces().withName("gameday-r1-drop-table").get().getStatus().getPhase());
        CnpgOrchestrator k = orchestrator("gameday-r1-drop-table");
        GameDayException e = assertThrows(GameDayException.class, k::createNamespace);
        assertTrue(e.getMessage().contains("is being deleted (Terminating)"), e.getMessage());

        // an Active namespace of this run is still reused
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("gameday-r1-mass-delete")
                .withLabels(Map.of(OwnerLabel.LABEL, "r1")).endMetadata().withNewStatus().withPhase("Active").endStatus().build()).create();
        orchestrator("gameday-r1-mass-delete").createNamespace();
    }

    @Test
    void everyScenarioOfARunGetsANamespaceOfItsOwn() {
        K8sOptions o = K8sOptions.k3s();
        String first = o.namespaceFor("20261130-101500-ab12-4242", K8sSubstrate.scenarioOf(Path.of("runs/20261130-101500-ab12-4242/drop-table/env")));
        String second = o.namespaceFor("20261130-101500-ab12-4242", K8sSubstrate.scenarioOf(Path.of("runs/20261130-101500-ab12-4242/mass-delete/env")));
        assertEquals("gameday-20261130-101500-ab12-4242-drop-table", first);
        assertNotEquals(first, second);
        assertEquals("team-a-drop-table", o.withNamespace("team-a").namespaceFor("r1", "drop-table"));
        // the longest catalogue name with a run id still leaves room for the DR region's suffix
        assertTrue(o.namespaceFor("20261130-101500-ab12-4194304", "object-loss-no-replica").length() + K8sOptions.DR_SUFFIX.length() <= 63);
        assertThrows(GameDayException.class, () -> o.withNamespace("x".repeat(50)).namespaceFor("r1", "object-loss-no-replica"));
    }

    // ---- defect 4: the DR region is a second namespace using the primary region's S3 server

    @Test
    void theDrRegionsReplicaUsesItsOwnNamespaceAndTheApplicationMovesThere() {
        CnpgManifests primary = new CnpgManifests("gameday-r1-region-loss", K8sOptions.k3s(), new OwnerLabel("r1"));
        CnpgOrchestrator k = new CnpgOrchestrator(client, primary, new Plan(), false, SHORT);
        CnpgOrchestrator dr = new CnpgOrchestrator(client, primary.inRegion("gameday-r1-region-loss-dr"), k.plan(), false, SHORT);
        k.createNamespace();
        dr.createNamespace();
        k.apply("app", primary.appService(K8sEnvironment.APP_SERVICE, K8sEnvironment.PRIMARY));
        dr.apply("store", dr.manifests().objectStore(CnpgManifests.objectStoreName(K8sDrRegion.BACKUP_BUCKET), K8sDrRegion.BACKUP_BUCKET));
        dr.apply("replica", dr.manifests().replicaCluster("pg-dr", "pg-main", "pg-dr", K8sDrRegion.BACKUP_BUCKET, Duration.ofSeconds(10)));

        GenericKubernetesResource store = dr.generic(CnpgManifests.PLUGIN_API, "ObjectStore").withName("store-backups-dr").get();
        String yaml = io.fabric8.kubernetes.client.utils.Serialization.asYaml(store);
        assertTrue(yaml.contains("endpointURL: \"http://gameday-s3.gameday-r1-region-loss.svc:9000\""), "the one S3 server, in the primary's namespace: " + yaml);
        assertTrue(yaml.contains("destinationPath: \"s3://backups-dr/\""), yaml);
        assertEquals("gameday-r1-region-loss-dr", dr.cluster("pg-dr").getMetadata().getNamespace());
        // CNPG resets the superuser's password at promotion unless both Clusters name the same secret (docs/src/replica_cluster.md)
        assertEquals(Map.of("name", CnpgManifests.SUPERUSER_SECRET), CnpgManifests.spec(dr.cluster("pg-dr")).get("superuserSecret"));
        assertEquals(Map.of("name", CnpgManifests.SUPERUSER_SECRET),
                CnpgManifests.spec(primary.cluster("pg-main", "pg-main", "backups", Duration.ofSeconds(10))).get("superuserSecret"));

        CnpgCluster replica = new CnpgCluster(dr, "pg-dr", "pg-dr", 1);
        k.switchoverTo(K8sEnvironment.APP_SERVICE, replica.rwHost());
        assertEquals("pg-dr-rw.gameday-r1-region-loss-dr.svc.cluster.local",
                client.services().inNamespace("gameday-r1-region-loss").withName(K8sEnvironment.APP_SERVICE).get().getSpec().getExternalName());
    }

    // ---- defect 10: cert-manager is ready when all three Deployments are and the webhook's CA is injected

    @Test
    void certManagerIsReadyOnlyWithAllThreeDeploymentsAvailableAndTheWebhookCaInjected() {
        for (String d : OperatorInstall.CERT_MANAGER_DEPLOYMENTS)
            client.apps().deployments().inNamespace("cert-manager").resource(new DeploymentBuilder().withNewMetadata().withName(d).endMetadata()
                    .withNewSpec().withReplicas(1).endSpec().build()).create();
        // the release manifest's webhook configurations before the cainjector ran: no caBundle yet
        // (cert-manager.yaml v1.19.1: annotation cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca)
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(new ValidatingWebhookConfigurationBuilder().withNewMetadata()
                .withName("cert-manager-webhook").withAnnotations(Map.of("cert-manager.io/inject-ca-from-secret", "cert-manager/cert-manager-webhook-ca"))
                .endMetadata().addNewWebhook().withName("webhook.cert-manager.io").withNewClientConfig().withNewService().withName("cert-manager-webhook")
                .withNamespace("cert-manager").endService().endClientConfig().withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook().build()).create();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder().withNewMetadata()
                .withName("cert-manager-webhook").withAnnotations(Map.of("cert-manager.io/inject-ca-from-secret", "cert-manager/cert-manager-webhook-ca"))
                .endMetadata().addNewWebhook().withName("webhook.cert-manager.io").withNewClientConfig().withNewService().withName("cert-manager-webhook")
                .withNamespace("cert-manager").endService().endClientConfig().withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook().build()).create();

        available("cert-manager-webhook");
        GameDayException e = assertThrows(GameDayException.class, () -> OperatorInstall.awaitCertManager(client, SHORT));
        assertTrue(e.getMessage().contains("Deployment cert-manager/cert-manager condition Available=True"), e.getMessage());
        available("cert-manager");
        e = assertThrows(GameDayException.class, () -> OperatorInstall.awaitCertManager(client, SHORT));
        assertTrue(e.getMessage().contains("cert-manager/cert-manager-cainjector"), e.getMessage());
        available("cert-manager-cainjector");
        e = assertThrows(GameDayException.class, () -> OperatorInstall.awaitCertManager(client, SHORT));
        assertTrue(e.getMessage().contains("inject the webhook CA"), e.getMessage());

        // what the cainjector writes: the CA's PEM, base64, into every webhook's clientConfig.caBundle
        String ca = java.util.Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n".getBytes());
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName("cert-manager-webhook")
                .edit(v -> { v.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(ca)); return v; });
        assertFalse(OperatorInstall.caInjected(client), "the mutating webhook has no CA yet");
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("cert-manager-webhook")
                .edit(v -> { v.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(ca)); return v; });
        OperatorInstall.awaitCertManager(client, SHORT);
    }

    /** The Deployment controller's status once the minimum replicas are up (kubernetes pkg/controller/deployment/util: MinimumReplicasAvailable). */
    void available(String deployment) {
        client.apps().deployments().inNamespace("cert-manager").withName(deployment).editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
                    .withConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                            .withMessage("Deployment has minimum availability.").build()).build());
            return d;
        });
    }

    @Test
    void thePluginIsInstalledOnlyAfterCertManagerIsUsable() {
        Plan plan = new Plan();
        OperatorInstall.plan(plan, K8sOptions.k3s());
        String out = plan.render();
        int plugin = out.indexOf("install: Barman Cloud Plugin");
        for (String d : OperatorInstall.CERT_MANAGER_DEPLOYMENTS) {
            int wait = out.indexOf("wait: Deployment cert-manager/" + d + " condition Available=True");
            assertTrue(wait > 0 && wait < plugin, out);
        }
        int ca = out.indexOf("wait: cert-manager's cainjector has put the webhook's CA");
        assertTrue(ca > 0 && ca < plugin, out);
        assertTrue(out.contains("install: cert-manager from classpath:gameday/fixtures/k8s/cert-manager-v1.19.1.yaml"), "never downloaded: " + out);
        assertFalse(out.contains("https://"), "nothing fetched at run time: " + out);
    }

    // ---- defect 12: the cluster domain is read from the kubelet, not assumed

    @Test
    void theClusterDomainIsReadFromTheKubeletAndUsedForTheExternalName() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("k3s-node").endMetadata().build()).create();
        // the kubelet's /configz: {"kubeletconfig": KubeletConfiguration} (kubernetes pkg/kubelet/server: configz handler)
        server.expect().get().withPath("/api/v1/nodes/k3s-node/proxy/configz")
                .andReturn(200, "{\"kubeletconfig\":{\"clusterDomain\":\"corp.internal\",\"clusterDNS\":[\"10.43.0.10\"]}}").once();
        String domain = K8sSubstrate.clusterDomain(client);
        assertEquals("corp.internal", domain);
        CnpgManifests m = new CnpgManifests("gameday-r1-drop-table", K8sOptions.k3s().withClusterDomain(domain), new OwnerLabel("r1"));
        assertEquals("pg-main-rw.gameday-r1-drop-table.svc.corp.internal", m.appService("app-db", "pg-main").getSpec().getExternalName());

        GameDayException e = assertThrows(GameDayException.class, () -> K8sSubstrate.clusterDomain(client));
        assertTrue(e.getMessage().contains("pass --cluster-domain"), e.getMessage());
        assertThrows(GameDayException.class, () -> K8sOptions.k3s().withClusterDomain("Not A Domain"));
    }

    CnpgOrchestrator orchestrator(String ns) {
        return new CnpgOrchestrator(client, new CnpgManifests(ns, K8sOptions.k3s(), new OwnerLabel("r1")), new Plan(), false, SHORT);
    }
}
