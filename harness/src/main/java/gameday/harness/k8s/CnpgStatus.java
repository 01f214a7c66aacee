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

    public static long observedGeneration(GenericKubernetesResource r, String type) {
        return condition(r, type).get("observedGeneration") instanceof Number n ? n.longValue() : 0;
    }

    public static boolean replicaSwitchInProgress(GenericKubernetesResource cluster) {
        return of(cluster).get("switchReplicaClusterStatus") instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("inProgress"));
    }
}
