package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A preloaded k3s pulls nothing: {@code images.txt} (what scripts/k3s-images.sh saves) names every
 * image the pinned manifests and the harness's own manifests run, and k3s's own system images.
 */
class ImagesListTest {
    static Set<String> listed() throws Exception {
        try (InputStream in = ImagesListTest.class.getClassLoader().getResourceAsStream("gameday/fixtures/k8s/images.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(ImagesListTest::canonical).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** containerd's reference form: a name without a registry is on docker.io. */
    static String canonical(String image) {
        String first = image.split("/")[0];
        return first.contains(".") || first.contains(":") ? image : "docker.io/" + image;
    }

    /** Every container image of every Deployment in a manifest, and the plugin's sidecar image from its Secret. */
    static List<String> imagesOf(String manifest) throws Exception {
        List<String> images = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (InputStream in = ImagesListTest.class.getClassLoader().getResourceAsStream(manifest)) {
            if (in == null) throw new AssertionError("no " + manifest + " on the class path");
            for (Iterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(in); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc == null) continue;
                if ("Deployment".equals(doc.path("kind").asText()))
                    for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) images.add(c.path("image").asText());
                if ("Secret".equals(doc.path("kind").asText()) && doc.path("data").has("SIDECAR_IMAGE"))
                    images.add(new String(Base64.getDecoder().decode(doc.path("data").path("SIDECAR_IMAGE").asText()), StandardCharsets.UTF_8));
            }
        }
        return images;
    }

    @Test
    void everyImageAGameDayRunsIsPreloaded() throws Exception {
        Set<String> listed = listed();
        List<String> used = new ArrayList<>();
        used.addAll(imagesOf(K8sOptions.CNPG_MANIFEST));
        used.addAll(imagesOf(K8sOptions.PLUGIN_MANIFEST));
        // cert-manager's, once its manifest is vendored (fixtures README); until then images.txt pins them by hand
        if (ImagesListTest.class.getClassLoader().getResource(K8sOptions.CERT_MANAGER_MANIFEST) != null)
            used.addAll(imagesOf(K8sOptions.CERT_MANAGER_MANIFEST));
        used.add(K8sOptions.POSTGRES_IMAGE);
        for (S3Flavour s3 : S3Flavour.values()) used.add(s3.image);
        for (String image : used) assertTrue(listed.contains(canonical(image)), image + " is not in images.txt: " + listed);
    }

    @Test
    void k3sOwnSystemImagesArePreloadedToo() throws Exception {
        Set<String> listed = listed();
        // what k3s starts by itself (Testcontainers disables Traefik): the sandbox, DNS, the default
        // StorageClass's provisioner and the helper pod it runs per volume, metrics-server
        for (String name : List.of("docker.io/rancher/mirrored-pause:", "docker.io/rancher/mirrored-coredns-coredns:",
                "docker.io/rancher/local-path-provisioner:", "docker.io/rancher/mirrored-library-busybox:", "docker.io/rancher/mirrored-metrics-server:"))
            assertTrue(listed.stream().anyMatch(i -> i.startsWith(name)), name + " is not in images.txt: " + listed);
    }
}
