package gameday.harness.s3;

import gameday.harness.run.Threads;

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
 * <p>Lag is measurable: everything present in a source when a pass started is in its replica
 * when the pass ends, so {@link #lag()} = now − start of the oldest last completed pass.
 */
public final class Replicator implements AutoCloseable {
    /** @param writeOnce never overwrite a key once replicated */
    public record Pair(String source, String replica, boolean writeOnce) {}

    private final MinioClient client;
    private final List<Pair> pairs;
    private final Duration interval;
    private final Map<String, String> copied = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLongArray completed;
    private final List<Thread> threads = new java.util.ArrayList<>();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final AtomicLong objectsCopied = new AtomicLong();
    private volatile boolean running;
    private volatile String lastError;

    /**
     * Each pair is replicated by its own thread, so that large WAL and base-backup copies do not
     * hold back the app objects. Put the WAL archive first: a pair copies a listing taken at
     * time t only after every later pair completed a pass that started after t. Wherever the
     * link is cut, every object a replicated commit references (uploaded before the commit) is
     * then replicated already: data before the metadata that points at it.
     */
    public Replicator(MinioClient client, List<Pair> pairs, Duration interval) {
        this.client = client;
        this.pairs = List.copyOf(pairs);
        this.interval = interval;
        this.completed = new java.util.concurrent.atomic.AtomicLongArray(pairs.size());
        for (int i = 0; i < pairs.size(); i++) completed.set(i, -1);
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        for (int i = 0; i < pairs.size(); i++) {
            int pair = i;
            Thread t = new Thread(() -> loop(pair), "replicator-" + pairs.get(i).source());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Cuts the link (region loss, or the end of the run); waits for the copies in progress to end. */
    public synchronized void stop() {
        running = false;
        Threads.joinAll(threads, Duration.ofSeconds(30));
    }

    public boolean running() {
        return running;
    }

    private void loop(int i) {
        Pair p = pairs.get(i);
        while (running) {
            long start = System.nanoTime();
            try {
                List<Item> items = list(p);
                for (int j = i + 1; j < pairs.size(); j++) {
                    while (running && completed.get(j) < start) LockSupport.parkNanos(10_000_000);
                }
                copy(p, items);
                if (!running) return;
                long prev = completed.getAndSet(i, start);
                // worst lag seen: an object written just after the previous pass started waited until now
                if (prev >= 0) maxLagNanos.accumulateAndGet(System.nanoTime() - prev, Math::max);
                lastError = null;
            } catch (Exception e) {
                lastError = e.getMessage(); // a source bucket that is gone, an object deleted meanwhile: try again
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
        long s = Long.MAX_VALUE;
        for (int i = 0; i < completed.length(); i++) s = Math.min(s, completed.get(i));
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
