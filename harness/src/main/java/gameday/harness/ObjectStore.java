package gameday.harness;

import io.minio.MinioClient;

/** The S3 API of an environment: the backup bucket (barman's) and the application's bucket. */
public interface ObjectStore {
    String url();

    /** A client with this environment's credentials; the credentials themselves are never exposed. */
    MinioClient client();

    String backupBucket();

    String appBucket();

    /**
     * Deletes a bucket and everything in it: a fault (a region's storage gone, an attacker).
     * Refused for any bucket this environment did not create.
     */
    void deleteBucket(String bucket);
}
