package gameday.harness.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gameday.harness.GameDayException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --from-manifest FILE}: the source as the team's CloudNativePG YAML already names it. A
 * {@code Cluster} with the in-tree {@code spec.backup.barmanObjectStore} (serverName defaults to
 * the cluster's name), or a Barman Cloud Plugin {@code ObjectStore} ({@code spec.configuration}),
 * with the {@code Cluster} whose plugin parameters name it and its {@code serverName} when the
 * file has both. Field names as in cloudnative-pg v1.30.0 {@code api/v1/cluster_types.go} /
 * barman-cloud's {@code BarmanObjectStoreConfiguration} and plugin-barman-cloud v0.14.0
 * {@code api/v1/objectstore_types.go}.
 */
public record Manifest(String destinationPath, String endpointUrl, String serverName) {
    static final String PLUGIN = "barman-cloud.cloudnative-pg.io";

    public static Manifest read(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && d.isObject()) docs.add(d);
            }
        } catch (Exception e) {
            throw new GameDayException("cannot read --from-manifest " + file + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        for (JsonNode d : docs) {
            JsonNode store = d.path("spec").path("backup").path("barmanObjectStore");
            if ("Cluster".equals(d.path("kind").asText()) && store.isObject())
                return of(file, store, store.path("serverName").asText(d.path("metadata").path("name").asText(null)));
        }
        for (JsonNode d : docs) {
            if (!"ObjectStore".equals(d.path("kind").asText()) || !d.path("spec").path("configuration").isObject()) continue;
            String name = d.path("metadata").path("name").asText();
            String server = d.path("spec").path("configuration").path("serverName").asText(null);
            for (JsonNode c : docs) {
                if (!"Cluster".equals(c.path("kind").asText())) continue;
                for (JsonNode p : c.path("spec").path("plugins")) {
                    if (PLUGIN.equals(p.path("name").asText()) && name.equals(p.path("parameters").path("barmanObjectName").asText()))
                        server = p.path("parameters").path("serverName").asText(c.path("metadata").path("name").asText(server));
                }
            }
            return of(file, d.path("spec").path("configuration"), server);
        }
        throw new GameDayException("--from-manifest " + file + " has no object store: expected a Cluster with spec.backup.barmanObjectStore "
                + "or a barmancloud.cnpg.io ObjectStore");
    }

    private static Manifest of(Path file, JsonNode store, String serverName) {
        String dest = store.path("destinationPath").asText(null);
        if (dest == null || dest.isBlank()) throw new GameDayException("--from-manifest " + file + ": the object store has no destinationPath");
        return new Manifest(dest, store.path("endpointURL").asText(null), serverName);
    }
}
