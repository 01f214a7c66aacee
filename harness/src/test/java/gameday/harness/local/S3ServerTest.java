package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minio.*;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ServerTest {
    @Test
    void putAndGetThroughTheMinioClient(@TempDir Path dir) throws Exception {
        try (S3Server s3 = new S3Server(dir, "AKIDTEST", "secretsecretsecret")) {
            MinioClient c = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1").credentials("AKIDTEST", "secretsecretsecret").build();
            c.makeBucket(MakeBucketArgs.builder().bucket("app").build());
            byte[] bytes = "hello".getBytes();
            c.putObject(PutObjectArgs.builder().bucket("app").object("k").stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
            try (var in = c.getObject(GetObjectArgs.builder().bucket("app").object("k").build())) {
                assertEquals("hello", new String(in.readAllBytes()));
            }
        }
    }
}
