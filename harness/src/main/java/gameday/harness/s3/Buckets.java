package gameday.harness.s3;

import io.minio.CopyObjectArgs;
import io.minio.SourceObject;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import java.util.regex.Pattern;

/** Object copies through the S3 API, so any substrate's {@link Recovery#restoreObjects} can use them. */
public final class Buckets {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Buckets() {}

    /**
     * Creates the buckets that do not exist yet, retrying until the server answers: a pod that just
     * became Ready, or a port-forward that just opened, may still refuse the first requests. The
     * timeout bounds it; the message says which server never answered.
     */
    public static void create(MinioClient client, java.util.List<String> buckets, java.time.Duration timeout, String server) {
        gameday.harness.wait.Wait.forThe(server + " to answer and create the buckets " + String.join(", ", buckets)).atMost(timeout)
                .pollEvery(java.time.Duration.ofSeconds(1)).ignoringExceptions().until(() -> {
                    for (String b : buckets)
                        if (!client.bucketExists(io.minio.BucketExistsArgs.builder().bucket(b).build()))
                            client.makeBucket(io.minio.MakeBucketArgs.builder().bucket(b).build());
                    return true;
                });
    }

    /**
     * Copies every object of {@code replica} into {@code bucket} when it is missing there or its
     * ETag differs (an overwrite). Content-addressed keys are checked first: a replica object
     * whose bytes no longer hash to its key is not copied back.
     */
    public static long restore(MinioClient client, String replica, String bucket) throws Exception {
        long restored = 0;
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(replica).recursive(true).build())) {
            Item i = r.get();
            String key = i.objectName();
            String etag = etag(client, bucket, key);
            if (unquote(i.etag()).equals(unquote(etag))) continue;
            if (SHA256.matcher(key).matches() && !key.equals(Sha256.ofObject(client, replica, key))) continue;
            client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(key)
                    .source(SourceObject.builder().bucket(replica).object(key).build()).build());
            restored++;
        }
        return restored;
    }

    /** The object's ETag, or null when {@code bucket} has no {@code key}. */
    public static String etag(MinioClient client, String bucket, String key) {
        try {
            return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).etag();
        } catch (Exception missing) {
            return null;
        }
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
