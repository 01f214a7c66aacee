package gameday.harness;

import io.minio.MinioClient;

/** The S3 API of an environment: the backup bucket (barman's) and the application's bucket. */
public interface ObjectStore {
    String url();

    /** A client with this environment's credentials; the credentials themselves are never exposed. */
    MinioClient client();

    String backupBucket();

    String appBucket();
}
