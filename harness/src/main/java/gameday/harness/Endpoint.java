package gameday.harness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Where the application points: a database cluster and a bucket. It plays the part of the
 * ExternalName service of the CloudNativePG runbook, so a switchover is one {@link #switchTo} that the
 * workload's clients pick up on their next connection.
 */
public final class Endpoint {
    private record Target(DatabaseCluster cluster, String bucket) {}

    private final AtomicReference<Target> target;
    private final List<Consumer<DatabaseCluster>> onSwitch = new CopyOnWriteArrayList<>();

    public Endpoint(DatabaseCluster cluster, String bucket) {
        target = new AtomicReference<>(new Target(cluster, bucket));
    }

    public DatabaseCluster cluster() {
        return target.get().cluster();
    }

    public String bucket() {
        return target.get().bucket();
    }

    /**
     * Lets a substrate move its real pointer too (the k8s substrates patch the ExternalName
     * service); runs before the target changes, so a failed switchover leaves the old one.
     */
    public void onSwitch(Consumer<DatabaseCluster> action) {
        onSwitch.add(action);
    }

    public void switchTo(DatabaseCluster cluster) {
        onSwitch.forEach(a -> a.accept(cluster));
        target.updateAndGet(t -> new Target(cluster, t.bucket()));
    }

    public void switchTo(DatabaseCluster cluster, String bucket) {
        onSwitch.forEach(a -> a.accept(cluster));
        target.set(new Target(cluster, bucket));
    }
}
