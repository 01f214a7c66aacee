package gameday.harness.local;

import gameday.harness.GameDayException;
import gameday.harness.ObjectStore;
import gameday.harness.s3.Secrets;
import gameday.harness.wait.Wait;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import io.minio.messages.Item;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local environment's object store: an in-process S3 server with random keys, or the
 * user's external S3, where every bucket name carries a prefix unique to this environment.
 * Either way it holds the backup and application buckets, and deletes only buckets it made.
 */
final class LocalObjectStore implements ObjectStore, AutoCloseable {
    static final String BACKUP_BUCKET = "backups";
    static final String APP_BUCKET = "app";

    private final String accessKey;
    private final String secretKey;
    private final S3Server server; // null when the user gave an external object store
    private final Path dir; // the in-process server's filesystem backend: one directory per bucket
    private final String url;
    /** Empty for the in-process store; on a shared external store, a prefix unique to this environment. */
    private final String bucketPrefix;
    private final MinioClient client;
    private final Set<String> ownedBuckets = ConcurrentHashMap.newKeySet();

    /** Starts the in-process server under {@code dir} unless {@code external} is given, then makes the two buckets. */
    LocalObjectStore(Path dir, S3Target external) throws Exception {
        this.dir = dir;
        if (external == null) {
            accessKey = Secrets.randomHex(10);
            secretKey = Secrets.randomHex(20);
            server = new S3Server(dir, accessKey, secretKey);
            url = server.endpoint();
            bucketPrefix = "";
        } else {
            accessKey = external.accessKey();
            secretKey = external.secretKey();
            server = null;
            url = external.url();
            bucketPrefix = "gd-" + Secrets.randomHex(4) + "-";
        }
        client = MinioClient.builder().endpoint(url).region("us-east-1").credentials(accessKey, secretKey).build();
        if (external != null) external.probe(client);
        for (String b : List.of(backupBucket(), appBucket())) makeBucket(b);
    }

    /** The credentials as barman-cloud and the other child processes read them: in their environment only. */
    void exportTo(Map<String, String> env) {
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
    }

    /** What the report says about the store; never the keys. */
    String describe() {
        return server != null ? "s3proxy (in-process, filesystem)" : "external S3 at " + url;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public MinioClient client() {
        return client;
    }

    @Override
    public String backupBucket() {
        return bucketPrefix + BACKUP_BUCKET;
    }

    @Override
    public String appBucket() {
        return bucketPrefix + APP_BUCKET;
    }

    /**
     * Where the in-process server keeps a bucket's objects (S3Proxy's filesystem backend: one
     * directory per bucket, one file per object, keys as paths); empty for an external store.
     */
    java.util.Optional<Path> bucketDir(String bucket) {
        return server == null ? java.util.Optional.empty() : java.util.Optional.of(dir.resolve(bucket));
    }

    void makeBucket(String bucket) throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            ownedBuckets.add(bucket);
        }
    }

    boolean ownsBucket(String bucket) {
        return ownedBuckets.contains(bucket);
    }

    /**
     * Empties and removes a bucket this environment made; writers racing the removal are swept
     * again. As a fault it goes through the fault injector, whose guard checks {@link #ownsBucket}.
     */
    void deleteBucket(String bucket) {
        Wait.forThe("bucket " + bucket + " to be deleted").atMost(Duration.ofSeconds(60)).pollEvery(Duration.ofMillis(50)).ignoringExceptions()
                .until(() -> {
                    if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) return true;
                    List<DeleteRequest.Object> all = new ArrayList<>();
                    for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build()))
                        all.add(new DeleteRequest.Object(r.get().objectName()));
                    for (Result<DeleteResult.Error> err : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket).objects(all).build()))
                        err.get(); // the call is lazy: iterating performs it
                    client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
                    return true;
                });
    }

    @Override
    public void close() {
        if (server == null) {
            // a shared external store keeps nothing of ours: remove the buckets this environment made
            for (String b : List.copyOf(ownedBuckets)) {
                try {
                    deleteBucket(b);
                } catch (RuntimeException ignored) {
                    // best effort; the names carry the prefix, so they are recognisable
                }
            }
        } else {
            try {
                server.close();
            } catch (Exception ignored) {
                // the server is in-process; the JVM exit reaps it anyway
            }
        }
    }
}
