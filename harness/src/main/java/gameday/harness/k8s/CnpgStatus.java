package gameday.harness.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** Reads the {@code status} of a generic CNPG resource without a typed model of every CNPG version. */
public final class CnpgStatus {
    private CnpgStatus() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(GenericKubernetesResource r) {
        Object s = r == null ? null : r.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public static int readyInstances(GenericKubernetesResource cluster) {
        return of(cluster).get("readyInstances") instanceof Number n ? n.intValue() : 0;
    }

    /** The condition of that type, or an empty map when the operator has not reported it yet. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> condition(GenericKubernetesResource r, String type) {
        if (of(r).get("conditions") instanceof List<?> list)
            for (Object c : list)
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) return (Map<String, Object>) m;
        return Map.of();
    }

    public static boolean conditionTrue(GenericKubernetesResource r, String type) {
        return "True".equals(condition(r, type).get("status"));
    }

    /** {@code PhaseHealthy} (api/v1/cluster_types.go at v1.30.0); the Ready condition is True exactly in it (pkg/resources/status/transactions.go). */
    public static final String PHASE_HEALTHY = "Cluster in healthy state";

    /** Healthy as CNPG's e2e judges a cluster (tests/internal/asserts/cluster/cluster.go, AssertClusterIsReady): enough ready instances, phase healthy. */
    public static boolean healthy(GenericKubernetesResource cluster, int instances) {
        return cluster != null && readyInstances(cluster) >= instances && PHASE_HEALTHY.equals(of(cluster).get("phase"))
                && conditionTrue(cluster, "Ready");
    }
}
