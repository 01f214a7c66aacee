package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.local.S3Server;
import io.minio.MinioClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A game day against an object store the user runs: it passes, and leaves no bucket of its own behind. */
class ExternalObjectStoreTest {
    @TempDir
    Path dir;

    @Test
    void dropTableAgainstAnExternalS3EndpointPassesAndCleansUp() throws Exception {
        try (S3Server s3 = new S3Server(dir.resolve("their-s3"), "theiraccess", "theirsecretkey0123")) {
            MinioClient theirs = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1").credentials("theiraccess", "theirsecretkey0123").build();
            theirs.makeBucket(io.minio.MakeBucketArgs.builder().bucket("theirs").build()); // must survive the game day
            BadInputTest.Result r = BadInputTest.gamedayProcess(Map.of("GAMEDAY_S3_ACCESS_KEY", "theiraccess", "GAMEDAY_S3_SECRET_KEY", "theirsecretkey0123"),
                    "run", "drop-table", "--runs-dir", dir.resolve("runs").toString(), "--s3-endpoint", s3.endpoint(), "--no-reports");
            assertEquals(0, r.code(), () -> r.out() + r.err());
            assertTrue(r.out().contains("drop-table"), r.out());
            var left = theirs.listBuckets().stream().map(b -> b.name()).toList();
            assertEquals(java.util.List.of("theirs"), left, "only the user's own bucket is left");
        }
    }
}
