package gameday.harness.workload;

import gameday.harness.Endpoint;
import gameday.harness.ObjectStore;
import io.minio.RemoveObjectArgs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The application's garbage collector: removes the bytes of objects soft-deleted more than the
 * grace period ago, keeping the row as a tombstone. It follows the endpoint. The
 * {@link Workload} runs its passes and stops them while the writers are paused (it is part of
 * the backend the runbook scales to 0).
 */
final class GarbageCollector {
    private final Endpoint endpoint;
    private final ObjectStore store;
    private final Duration grace;
    private final Set<String> done = new HashSet<>();
    private final AtomicLong purged = new AtomicLong();

    GarbageCollector(Endpoint endpoint, ObjectStore store, Duration grace) {
        this.endpoint = endpoint;
        this.store = store;
        this.grace = grace;
    }

    /** Time between passes: a quarter of the grace, within 0.1-1 s. */
    Duration period() {
        return Duration.ofMillis(Math.max(100, Math.min(1000, grace.toMillis() / 4)));
    }

    /** Bytes removed so far. */
    long purged() {
        return purged.get();
    }

    /** One pass; ends early when {@code paused} becomes true. */
    void collect(BooleanSupplier paused) {
        try (Connection c = endpoint.cluster().connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT key FROM objects WHERE deleted_at < clock_timestamp() - make_interval(secs => ?)")) {
            ps.setDouble(1, grace.toMillis() / 1000.0);
            String bucket = endpoint.bucket();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && !paused.getAsBoolean()) {
                    String key = rs.getString(1);
                    if (done.contains(bucket + "/" + key)) continue;
                    store.client().removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
                    done.add(bucket + "/" + key);
                    purged.incrementAndGet();
                }
            }
        } catch (Exception e) {
            // the database or the bucket is down: collect on the next round
        }
    }
}
