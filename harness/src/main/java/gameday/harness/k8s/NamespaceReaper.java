package gameday.harness.k8s;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code gameday clean --kubeconfig F --context C}: the namespaces a crashed run (a game day's or
 * a drill's) left in an existing cluster. Only namespaces labelled {@value OwnerLabel#LABEL}, and
 * only those whose run the caller judges dead; the pods, Clusters and Secrets in them go with them.
 */
public final class NamespaceReaper {
    private NamespaceReaper() {}

    /** Deletes the labelled namespaces of the runs {@code dead} accepts; returns their names. */
    public static List<String> reap(KubernetesClient client, Predicate<String> dead) {
        List<String> deleted = new ArrayList<>();
        for (Namespace n : client.namespaces().withLabel(OwnerLabel.LABEL).list().getItems()) {
            String runId = n.getMetadata().getLabels().get(OwnerLabel.LABEL);
            if (n.getMetadata().getDeletionTimestamp() != null || !dead.test(runId)) continue;
            new OwnerLabel(runId).require(n);
            client.namespaces().withName(n.getMetadata().getName()).delete();
            deleted.add(n.getMetadata().getName());
        }
        return deleted;
    }
}
