package gameday.harness;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the application points: a database cluster and a bucket. It plays the part of the
 * ExternalName service of the seed runbook, so a switchover is one {@link #switchTo} that the
 * workload's clients pick up on their next connection.
 */
public final class Endpoint {
    private record Target(DatabaseCluster cluster, String bucket) {}

    private final AtomicReference<Target> target;

    public Endpoint(DatabaseCluster cluster, String bucket) {
        target = new AtomicReference<>(new Target(cluster, bucket));
    }

    public DatabaseCluster cluster() {
        return target.get().cluster();
    }

    public String bucket() {
        return target.get().bucket();
    }

    public void switchTo(DatabaseCluster cluster) {
        target.updateAndGet(t -> new Target(cluster, t.bucket()));
    }

    public void switchTo(DatabaseCluster cluster, String bucket) {
        target.set(new Target(cluster, bucket));
    }
}
