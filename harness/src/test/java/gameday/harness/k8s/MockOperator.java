package gameday.harness.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays CloudNativePG, its instance manager and the kubelet against the fabric8 mock server, in
 * upstream's own words only: every status written here is shaped as the named upstream source at
 * the pinned tags (cloudnative-pg v1.30.0, plugin-barman-cloud v0.14.0) writes it.
 */
final class MockOperator {
    /** api/v1/cluster_types.go: PhaseHealthy and PhaseFirstPrimary. */
    static final String HEALTHY = CnpgStatus.PHASE_HEALTHY;
    static final String SETTING_UP = "Setting up primary";

    private final CnpgOrchestrator k;
    private final KubernetesMockServer server;

    MockOperator(CnpgOrchestrator k, KubernetesMockServer server) {
        this.k = k;
        this.server = server;
    }

    /**
     * The Cluster's status: phase, readyInstances, currentPrimary ({@code <cluster>-1}, the first
     * instance's name) and the two conditions the harness reads. Ready is True exactly in the
     * healthy phase, reason ClusterIsReady / ClusterIsNotReady (pkg/resources/status/transactions.go,
     * SetClusterReadyCondition); ContinuousArchiving as the instance manager reports each archive
     * attempt (pkg/management/postgres/webserver/local.go, getContinuousArchivingCondition), null
     * when no WAL was archived yet. Neither carries an observedGeneration. A condition keeps its
     * lastTransitionTime while its status stays (meta.SetStatusCondition, via
     * pkg/resources/status/conditions.go).
     */
    void reports(String cluster, int ready, boolean healthy, Boolean archiving, String archiveError) {
        GenericKubernetesResource c = k.cluster(cluster);
        List<Map<String, Object>> conds = new ArrayList<>();
        conds.add(condition(c, "Ready", healthy, healthy ? "ClusterIsReady" : "ClusterIsNotReady", healthy ? "Cluster is Ready" : "Cluster Is Not Ready"));
        if (archiving != null)
            conds.add(condition(c, "ContinuousArchiving", archiving, archiving ? "ContinuousArchivingSuccess" : "ContinuousArchivingFailing",
                    archiving ? "Continuous archiving is working" : archiveError));
        Map<String, Object> status = new LinkedHashMap<>(CnpgStatus.of(c));
        status.put("instances", ready);
        status.put("readyInstances", ready);
        status.put("currentPrimary", cluster + "-1");
        status.put("phase", healthy ? HEALTHY : SETTING_UP);
        status.put("conditions", conds);
        write("Cluster", c, status);
    }

    private static Map<String, Object> condition(GenericKubernetesResource c, String type, boolean status, String reason, String message) {
        String s = status ? "True" : "False";
        Map<String, Object> old = CnpgStatus.condition(c, type);
        Object since = s.equals(old.get("status")) ? old.get("lastTransitionTime") : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return Map.of("type", type, "status", s, "reason", reason, "message", message, "lastTransitionTime", since);
    }

    /** Any other status, e.g. a Backup's phase (api/v1/backup_types.go) or an ObjectStore's recovery window. */
    void status(String apiVersion, String kind, String name, Map<String, Object> status) {
        write(kind, k.generic(apiVersion, kind).withName(name).get(), status);
    }

    private void write(String kind, GenericKubernetesResource r, Map<String, Object> status) {
        r.setAdditionalProperty("status", status);
        k.generic(r.getApiVersion(), kind).resource(r).updateStatus();
    }

    /**
     * An instance pod as the kubelet reports it: the Ready condition and the {@code postgres}
     * container's restartCount (core/v1 PodStatus); the container named {@code postgres} as CNPG
     * names it (pkg/specs/pods.go), the labels it copies from inheritedMetadata.
     * The mock server gives it a new UID, as the API server does on every create.
     */
    Pod pod(String name, boolean ready, int restarts) {
        Pod p = new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of(OwnerLabel.LABEL, k.manifests().owner().runId())).endMetadata()
                .withNewSpec().addNewContainer().withName("postgres").endContainer().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName("postgres").withRestartCount(restarts).endContainerStatus().endStatus().build();
        return k.client().pods().inNamespace(k.manifests().namespace()).resource(p).create();
    }

    /** psql in {@code pod}, as {@link CnpgOrchestrator} runs it, prints {@code out} and exits 0, every time it is asked. */
    void psqlAnswers(String pod, String sql, String out) {
        execAnswers(pod, List.of("psql", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql), out);
    }

    /** {@code command} in {@code pod}'s postgres container prints {@code out} and exits 0, every time it is asked. */
    void execAnswers(String pod, List<String> command, String out) {
        StringBuilder path = new StringBuilder("/api/v1/namespaces/" + k.manifests().namespace() + "/pods/" + pod + "/exec?");
        for (String arg : command)
            path.append("command=").append(URLEncoder.encode(arg, StandardCharsets.UTF_8).replace("+", "%20")).append('&');
        path.append("container=postgres&stdout=true&stderr=true");
        server.expect().get().withPath(path.toString()).andUpgradeToWebSocket().open(new OutputStreamMessage(out + "\n"), new StatusMessage(0)).done().always();
    }
}
