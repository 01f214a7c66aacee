package gameday.harness.k8s;

import gameday.harness.GameDayException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;

/**
 * The label that marks what a run created. Faults destroy things, so every write the harness
 * makes to an existing object first checks that the object carries this run's label: a
 * namespace shared with real workloads can never be damaged by a game day.
 */
public final class OwnerLabel {
    public static final String LABEL = "gameday.dev/owned-by";

    private final String runId;

    public OwnerLabel(String runId) {
        if (runId == null || !runId.matches("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?"))
            throw new GameDayException("run id '" + runId + "' is not a valid Kubernetes label value (lower case, digits, '-', '.')");
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    /** Adds the label to a resource the harness is about to create. */
    public <T extends HasMetadata> T stamp(T resource) {
        Map<String, String> labels = new HashMap<>();
        if (resource.getMetadata().getLabels() != null) labels.putAll(resource.getMetadata().getLabels());
        labels.put(LABEL, runId);
        resource.getMetadata().setLabels(labels);
        return resource;
    }

    public boolean owns(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels != null && runId.equals(labels.get(LABEL));
    }

    /** Throws unless this run created {@code resource}; call before any patch or delete. */
    public <T extends HasMetadata> T require(T resource) {
        if (resource == null) throw new GameDayException("refusing to act on a resource that does not exist");
        if (!owns(resource))
            throw new GameDayException("refusing to touch " + resource.getKind() + " " + resource.getMetadata().getName()
                    + ": it has no label " + LABEL + "=" + runId + ", so this game day did not create it");
        return resource;
    }
}
