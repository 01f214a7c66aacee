package gameday.harness.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The steps the harness takes against a cluster, in order, with the manifests it applies. It is
 * filled whether or not anything is applied: {@code --dry-run} prints it instead of acting, and
 * a real run prints it before creating anything ("prints what it will create").
 */
public final class Plan {
    /** One step: what it does in words, and the objects or patch it sends (none for waits). */
    public record Step(String action, String description, List<HasMetadata> manifests, Map<String, Object> patch) {}

    private final List<Step> steps = new ArrayList<>();

    public synchronized void add(String action, String description, List<HasMetadata> manifests, Map<String, Object> patch) {
        steps.add(new Step(action, description, List.copyOf(manifests), patch));
    }

    public synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Every manifest of every step, in order, for validation or {@code kubectl apply -f}. */
    public synchronized List<HasMetadata> manifests() {
        List<HasMetadata> all = new ArrayList<>();
        for (Step s : steps) all.addAll(s.manifests());
        return all;
    }

    /** A numbered list of steps with their manifests as YAML documents: what {@code --dry-run} prints. */
    public synchronized String render() {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (Step s : steps) {
            out.append("# ").append(++n).append(". ").append(s.action()).append(": ").append(s.description()).append('\n');
            for (HasMetadata m : s.manifests()) out.append(withoutSecrets(Serialization.asYaml(m)));
            if (s.patch() != null) out.append("# merge patch\n").append(Serialization.asYaml(s.patch()));
        }
        return out.toString();
    }

    /** Credentials never appear in any output: secret values are masked in the printout. */
    static String withoutSecrets(String yaml) {
        if (!yaml.contains("kind: \"Secret\"") && !yaml.contains("kind: Secret")) return yaml;
        StringBuilder out = new StringBuilder();
        boolean inData = false;
        for (String line : yaml.split("\n")) {
            if (line.matches("(stringData|data):\\s*")) inData = true;
            else if (!line.startsWith(" ")) inData = false;
            else if (inData) line = line.replaceFirst(":\\s.*$", ": \"***\"");
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
