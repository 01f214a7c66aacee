package gameday.harness;

import io.minio.CopyObjectArgs;
import io.minio.SourceObject;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Cross-region bucket replication, as S3 CRR or {@code mc mirror} does it: a loop that copies new
 * and changed objects from each source bucket to its replica. Deletes are never replicated, so a
 * mass delete in the source leaves the replica intact. A pair marked write-once never overwrites
 * a replicated key either (content-addressed keys are immutable; an overwrite is an attack).
 *
 * <p>Lag is measurable: everything present in the sources when a pass started is in the replicas
 * when it ends, so {@link #lag()} = now − start of the last completed pass.
 */
public final class Replicator implements AutoCloseable {
    /** @param writeOnce never overwrite a key once replicated */
    public record Pair(String source, String replica, boolean writeOnce) {}

    private final MinioClient client;
    private final List<Pair> pairs;
    private final Duration interval;
    private final Map<String, String> copied = new ConcurrentHashMap<>();
    private final AtomicLong lastPassStart = new AtomicLong(-1);
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final AtomicLong objectsCopied = new AtomicLong();
    private volatile boolean running;
    private volatile String lastError;
    private Thread thread;

    /**
     * Each pass lists the pairs in the given order and copies them in the reverse order: put the
     * WAL archive first. Its listing is then taken before the app bucket's, and it is copied after
     * it, so wherever the link is cut, every object a replicated commit references (uploaded
     * before the commit) is replicated already: data before the metadata that points at it.
     */
    public Replicator(MinioClient client, List<Pair> pairs, Duration interval) {
        this.client = client;
        this.pairs = List.copyOf(pairs);
        this.interval = interval;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        thread = new Thread(this::loop, "replicator");
        thread.setDaemon(true);
        thread.start();
    }

    /** Cuts the link (region loss, or the end of the run); waits for the pass in progress to end. */
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    public boolean running() {
        return running;
    }

    private void loop() {
        while (running) {
            long start = System.nanoTime();
            try {
                List<List<Item>> listed = new java.util.ArrayList<>();
                for (Pair p : pairs) listed.add(list(p));
                for (int i = pairs.size() - 1; i >= 0 && running; i--) copy(pairs.get(i), listed.get(i));
                long prev = lastPassStart.getAndSet(start);
                // worst lag seen: an object written just after the previous pass started waited until now
                if (prev >= 0) maxLagNanos.accumulateAndGet(System.nanoTime() - prev, Math::max);
                lastError = null;
            } catch (Exception e) {
                lastError = e.getMessage(); // a source bucket that is gone: keep trying until stopped
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }

    private List<Item> list(Pair p) throws Exception {
        List<Item> items = new java.util.ArrayList<>();
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(p.source()).recursive(true).build())) items.add(r.get());
        return items;
    }

    private void copy(Pair p, List<Item> items) throws Exception {
        for (Item i : items) {
            if (!running) return;
            String id = p.replica() + "/" + i.objectName();
            String etag = i.etag();
            String prev = copied.get(id);
            if (prev != null && (p.writeOnce() || prev.equals(etag))) continue;
            client.copyObject(CopyObjectArgs.builder().bucket(p.replica()).object(i.objectName())
                    .source(SourceObject.builder().bucket(p.source()).object(i.objectName()).build()).build());
            copied.put(id, etag);
            objectsCopied.incrementAndGet();
        }
    }

    /** How far the replicas may be behind now; null before the first pass completed. */
    public Duration lag() {
        long s = lastPassStart.get();
        return s < 0 ? null : Duration.ofNanos(System.nanoTime() - s);
    }

    /** The largest lag observed between two completed passes while running. */
    public Duration maxLag() {
        return Duration.ofNanos(maxLagNanos.get());
    }

    public long objectsCopied() {
        return objectsCopied.get();
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        stop();
    }
}
