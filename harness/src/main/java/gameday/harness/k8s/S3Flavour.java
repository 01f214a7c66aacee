package gameday.harness.k8s;

/** The S3 server that runs as a pod in the game-day namespace. */
public enum S3Flavour {
    /** The last MinIO release published as an image (MinIO's community edition went source-only after it). */
    MINIO("docker.io/minio/minio:RELEASE.2025-09-07T16-13-09Z"),
    /** What CloudNativePG's own e2e tests switched to (tests/utils/objectstore in the operator repo). */
    RUSTFS("docker.io/rustfs/rustfs:1.0.0-beta.8-glibc");

    public final String image;

    S3Flavour(String image) {
        this.image = image;
    }
}
