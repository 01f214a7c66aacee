package gameday.harness.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.GameDayException;
import gameday.harness.local.S3Server;
import gameday.harness.s3.Buckets;
import gameday.harness.s3.Secrets;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 server pod as CNPG's e2e runs it, and bucket creation that waits for the server to answer. */
class S3PodTest {
    @TempDir
    Path dir;

    static PodSpec pod(S3Flavour s3) {
        return new CnpgManifests("gameday-r1-x", K8sOptions.k3s().withS3(s3), new OwnerLabel("r1")).s3Deployment().getSpec().getTemplate().getSpec();
    }

    /** CNPG v1.30.0 tests/utils/objectstore/objectstore.go: data and logs volumes, GET /health on 9000 for liveness and readiness. */
    @Test
    void rustfsRunsWithALogsVolumeAndAnHttpHealthProbe() {
        PodSpec p = pod(S3Flavour.RUSTFS);
        assertEquals(List.of("data", "logs"), p.getVolumes().stream().map(v -> v.getName()).toList());
        Container c = p.getContainers().get(0);
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("logs") && m.getMountPath().equals("/logs")), c.toString());
        assertEquals("/logs", c.getEnv().stream().filter(e -> e.getName().equals("RUSTFS_OBS_LOG_DIRECTORY")).map(EnvVar::getValue).findFirst().orElseThrow());
        for (var probe : List.of(c.getReadinessProbe(), c.getLivenessProbe())) {
            assertEquals("/health", probe.getHttpGet().getPath());
            assertEquals(9000, probe.getHttpGet().getPort().getIntVal());
        }
    }

    @Test
    void minioIsReadyWhenItsReadinessEndpointSaysSo() {
        Container c = pod(S3Flavour.MINIO).getContainers().get(0);
        assertEquals("/minio/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals(null, c.getReadinessProbe().getTcpSocket(), "an open port is not a ready server");
    }

    /** A port-forward that has just opened refuses the first requests: creation is retried until the server answers. */
    @Test
    void bucketsAreCreatedOnceTheServerAnswers() throws Exception {
        String access = Secrets.randomHex(10), secret = Secrets.randomHex(20);
        try (S3Server s3 = new S3Server(dir.resolve("s3"), access, secret)) {
            AtomicInteger refused = new AtomicInteger();
            OkHttpClient notYet = new OkHttpClient.Builder().addInterceptor(chain -> {
                if (refused.getAndIncrement() < 3) throw new IOException("Connection refused (the forward is not up yet)");
                return chain.proceed(chain.request());
            }).build();
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1").credentials(access, secret).httpClient(notYet).build();
            Buckets.create(client, List.of("backups", "app"), Duration.ofSeconds(30), "gameday-s3 in gameday-r1-x");
            assertTrue(refused.get() > 3, "the first attempts were refused");
            for (String b : List.of("backups", "app")) assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket(b).build()), b);
        }
    }

    @Test
    void aServerThatNeverAnswersEndsTheWaitWithItsName() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        MinioClient client = MinioClient.builder().endpoint("http://127.0.0.1:" + port).region("us-east-1").credentials("a", "b").build();
        GameDayException e = assertThrows(GameDayException.class,
                () -> Buckets.create(client, List.of("backups"), Duration.ofSeconds(2), "gameday-s3 in gameday-r1-x"));
        assertTrue(e.getMessage().contains("gameday-s3 in gameday-r1-x to answer and create the buckets backups"), e.getMessage());
        assertTrue(e.getMessage().startsWith("timed out after"), e.getMessage());
    }
}
