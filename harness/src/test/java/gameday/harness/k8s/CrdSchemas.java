package gameday.harness.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small structural validator over the {@code openAPIV3Schema} of the CRDs in the pinned
 * manifests: what the API server's structural-schema pruning and validation would reject.
 * It checks field names (unknown fields fail unless {@code x-kubernetes-preserve-unknown-fields}),
 * types, {@code required}, {@code enum}, {@code additionalProperties} maps and
 * {@code x-kubernetes-int-or-string}. It does not evaluate CEL rules
 * ({@code x-kubernetes-validations}), formats or patterns: the k3s test covers those for real.
 */
public final class CrdSchemas {
    private final Map<String, JsonNode> schemas = new HashMap<>();

    public static CrdSchemas load(String... classpathManifests) throws IOException {
        CrdSchemas s = new CrdSchemas();
        YAMLMapper yaml = new YAMLMapper();
        for (String path : classpathManifests) {
            try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) throw new IOException("no " + path + " on the classpath");
                for (Iterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(in); it.hasNext(); ) {
                    JsonNode doc = it.next();
                    if (doc == null || !"CustomResourceDefinition".equals(doc.path("kind").asText())) continue;
                    String group = doc.path("spec").path("group").asText();
                    String kind = doc.path("spec").path("names").path("kind").asText();
                    for (JsonNode v : doc.path("spec").path("versions"))
                        s.schemas.put(group + "/" + v.path("name").asText() + "/" + kind, v.path("schema").path("openAPIV3Schema"));
                }
            }
        }
        return s;
    }

    /** One hand-written schema, for testing the validator itself. */
    public static CrdSchemas of(String apiVersionAndKind, JsonNode schema) {
        CrdSchemas s = new CrdSchemas();
        s.schemas.put(apiVersionAndKind, schema);
        return s;
    }

    public int size() {
        return schemas.size();
    }

    public boolean knows(String apiVersion, String kind) {
        return schemas.containsKey(apiVersion + "/" + kind);
    }

    /** The problems found in one manifest (a fabric8 object or a Map); empty when it is valid. */
    public List<String> validate(Object manifest) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(Serialization.asJson(manifest));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + manifest, e);
        }
        List<String> errors = new ArrayList<>();
        String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        JsonNode schema = schemas.get(key);
        if (schema == null) {
            errors.add("no CRD schema for " + key);
            return errors;
        }
        check(schema, node, "", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean()) errors.add(path + ": null is not allowed");
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isIntegralNumber() && !value.isTextual()) errors.add(path + ": must be an integer or a string");
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            errors.add(path + ": must be " + type + ", not " + value.getNodeType().name().toLowerCase());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) found |= e.equals(value);
            if (!found) errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isObject()) checkObject(schema, value, path, errors);
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) check(schema.get("items"), item, path + "[" + i++ + "]", errors);
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (JsonNode r : schema.path("required"))
            if (!value.has(r.asText())) errors.add(path + ": required field " + r.asText() + " is missing");
        JsonNode props = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String p = path + "." + f.getKey();
            if (props.has(f.getKey())) check(props.get(f.getKey()), f.getValue(), p, errors);
            else if (additional.isObject()) check(additional, f.getValue(), p, errors);
            else if (!preserve && !additional.asBoolean(false) && !isEmbeddedMetadata(path, schema))
                errors.add(p + ": unknown field " + f.getKey());
        }
    }

    /** The root {@code metadata} is a bare {@code type: object} in every CRD; the API server checks it, not the CRD. */
    private static boolean isEmbeddedMetadata(String path, JsonNode schema) {
        return path.equals(".metadata") && !schema.has("properties");
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> true;
        };
    }
}
