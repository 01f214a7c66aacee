package gameday.harness.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gameday.harness.GameDayException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The team's own CloudNativePG {@code Cluster} ({@code --cluster-manifest}), used for the primary:
 * its PostgreSQL parameters, {@code archive_timeout}, instances and backup form stay; only what
 * would reach outside the disposable world is rewritten: the backup destination, the credentials,
 * the namespace (and the name and owner label the harness's waits and guards need). What the
 * substrate cannot honour is replaced and reported, never dropped silently.
 */
public final class TeamCluster {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path file;
    private final Map<String, Object> manifest;

    private TeamCluster(Path file, Map<String, Object> manifest) {
        this.file = file;
        this.manifest = manifest;
    }

    /** Reads and checks the file; bad input is one line (the CLI's exit 2). */
    @SuppressWarnings("unchecked")
    public static TeamCluster read(Path file) {
        Object doc;
        try {
            doc = YAML.readValue(Files.readString(file), Object.class);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new GameDayException("--cluster-manifest " + file + " is not readable YAML: " + why);
        }
        if (!(doc instanceof Map<?, ?> m) || !CnpgManifests.CNPG_API.equals(m.get("apiVersion")) || !"Cluster".equals(m.get("kind"))
                || !(m.get("spec") instanceof Map))
            throw new GameDayException("--cluster-manifest " + file + " is not a CloudNativePG Cluster (apiVersion " + CnpgManifests.CNPG_API
                    + ", kind Cluster, with a spec)" + (doc instanceof Map<?, ?> d ? ": found " + d.get("apiVersion") + " " + d.get("kind") : ""));
        return new TeamCluster(file, (Map<String, Object>) m);
    }

    public Path file() {
        return file;
    }

    /** The primary's manifest, what was rewritten, and what the substrate cannot honour. */
    public record Rewritten(GenericKubernetesResource cluster, List<String> rewritten, List<String> unhonoured) {
        /** The lines {@code --dry-run} prints before the plan. */
        public String describe(Path file) {
            return "# --cluster-manifest " + file + "\n# rewritten: " + String.join("; ", rewritten) + "\n"
                    + (unhonoured.isEmpty() ? "" : "# cannot honour here, replaced: " + String.join("; ", unhonoured) + "\n");
        }
    }

    /**
     * The team's Cluster as the harness's primary {@code name}, archiving under {@code serverName}
     * to {@code bucket} of the disposable store. {@code harness} is the Cluster the harness would
     * build itself: its archiving configuration and labels are the rewrite's source.
     */
    @SuppressWarnings("unchecked")
    Rewritten rewrite(CnpgManifests m, GenericKubernetesResource harness, Duration archiveTimeout) {
        List<String> rewritten = new ArrayList<>(), unhonoured = new ArrayList<>();
        Map<String, Object> meta = map(manifest.get("metadata"));
        Map<String, Object> spec = deepCopy(map(manifest.get("spec")));
        Map<String, Object> ours = CnpgManifests.spec(harness);
        String name = harness.getMetadata().getName();
        if (!name.equals(meta.get("name"))) rewritten.add("metadata.name " + meta.get("name") + " -> " + name);
        rewritten.add("metadata.namespace " + Objects.requireNonNullElse(meta.get("namespace"), "(none)") + " -> " + m.namespace());
        spec.put("inheritedMetadata", ours.get("inheritedMetadata"));
        rewritten.add("owner label " + OwnerLabel.LABEL + " on the Cluster and inheritedMetadata");

        boolean inTree = map(spec.get("backup")).containsKey("barmanObjectStore");
        boolean plugin = spec.get("plugins") instanceof List<?> l && l.stream().anyMatch(p -> CnpgManifests.PLUGIN_NAME.equals(map(p).get("name")));
        BackupForm form = m.options().backupForm();
        if ((inTree && form != BackupForm.IN_TREE) || (plugin && form != BackupForm.PLUGIN))
            throw new GameDayException("--cluster-manifest " + file + " archives with " + (inTree ? "the in-tree barmanObjectStore" : "the Barman Cloud Plugin")
                    + ": run with --backup-form " + (inTree ? "in-tree" : "plugin"));
        if (inTree) {
            Map<String, Object> backup = map(spec.get("backup"));
            Map<String, Object> store = map(backup.get("barmanObjectStore"));
            Map<String, Object> harnessStore = map(map(ours.get("backup")).get("barmanObjectStore"));
            // the team's wal/data settings (compression, maxParallel) stay; where and with what key do not
            for (String k : List.of("azureCredentials", "googleCredentials", "endpointCA")) if (store.remove(k) != null) rewritten.add("removed backup.barmanObjectStore." + k);
            for (String k : List.of("destinationPath", "endpointURL", "s3Credentials", "serverName")) {
                if (!Objects.equals(store.get(k), harnessStore.get(k))) rewritten.add("backup.barmanObjectStore." + k + " -> the disposable store");
                store.put(k, harnessStore.get(k));
            }
            if (backup.remove("volumeSnapshot") != null) unhonoured.add("backup.volumeSnapshot (no CSI snapshots in the disposable cluster)");
        } else if (plugin) {
            List<Object> plugins = new ArrayList<>();
            for (Object p : (List<Object>) spec.get("plugins")) {
                Map<String, Object> pm = map(p);
                if (CnpgManifests.PLUGIN_NAME.equals(pm.get("name"))) {
                    pm = new LinkedHashMap<>(pm);
                    pm.put("parameters", map(map(((List<Object>) ours.get("plugins")).get(0)).get("parameters")));
                    rewritten.add("plugins[" + CnpgManifests.PLUGIN_NAME + "].parameters (barmanObjectName, serverName) -> the disposable ObjectStore");
                }
                plugins.add(pm);
            }
            spec.put("plugins", plugins);
        } else {
            if (ours.containsKey("plugins")) spec.put("plugins", ours.get("plugins"));
            if (ours.containsKey("backup")) spec.put("backup", ours.get("backup"));
            rewritten.add("no backup configuration: archiving to the disposable store added (" + form + ")");
        }
        if (spec.remove("externalClusters") != null) rewritten.add("removed externalClusters (they point outside the disposable world)");
        Map<String, Object> bootstrap = map(spec.get("bootstrap"));
        if (!bootstrap.isEmpty() && !bootstrap.containsKey("initdb")) unhonoured.add("bootstrap." + bootstrap.keySet().iterator().next() + " (the primary starts empty: initdb)");
        if (!bootstrap.containsKey("initdb") || map(bootstrap.get("initdb")).containsKey("secret")) {
            spec.put("bootstrap", ours.get("bootstrap"));
            if (bootstrap.containsKey("initdb")) rewritten.add("bootstrap.initdb.secret removed (a Secret of the team's namespace)");
        }
        for (String k : List.of("superuserSecret", "certificates", "imagePullSecrets"))
            if (spec.remove(k) != null) rewritten.add("removed " + k + " (Secrets of the team's namespace)");
        if (m.options().flavour().equals("k3s")) k3sLimits(spec, ours, unhonoured);
        Map<String, Object> pg = (Map<String, Object>) spec.computeIfAbsent("postgresql", k -> new LinkedHashMap<>());
        Map<String, Object> params = (Map<String, Object>) pg.computeIfAbsent("parameters", k -> new LinkedHashMap<>());
        if (!params.containsKey("archive_timeout")) {
            params.put("archive_timeout", archiveTimeout.toSeconds() + "s");
            rewritten.add("postgresql.parameters.archive_timeout unset: the scenario's " + archiveTimeout.toSeconds() + "s");
        }
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(CnpgManifests.CNPG_API);
        r.setKind("Cluster");
        r.setMetadata(harness.getMetadata());
        r.setAdditionalProperty("spec", spec);
        return new Rewritten(r, List.copyOf(rewritten), List.copyOf(unhonoured));
    }

    /** A single-node k3s with its local-path provisioner and the preloaded image only. */
    private static void k3sLimits(Map<String, Object> spec, Map<String, Object> ours, List<String> unhonoured) {
        for (String volume : List.of("storage", "walStorage")) {
            Map<String, Object> s = map(spec.get(volume));
            Object sc = s.get("storageClass");
            if (sc != null && !"local-path".equals(sc)) {
                s.remove("storageClass");
                unhonoured.add(volume + ".storageClass " + sc + " (k3s has local-path only)");
            }
        }
        Map<String, Object> affinity = map(spec.get("affinity"));
        for (String k : List.of("nodeSelector", "tolerations", "additionalPodAffinity", "additionalPodAntiAffinity", "nodeAffinity"))
            if (affinity.remove(k) != null) unhonoured.add("affinity." + k + " (one k3s node)");
        Object image = spec.get("imageName");
        if (image != null && !image.equals(ours.get("imageName"))) {
            spec.put("imageName", ours.get("imageName"));
            unhonoured.add("imageName " + image + " (k3s runs the preloaded " + ours.get("imageName") + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        return YAML.convertValue(m, LinkedHashMap.class);
    }
}
