package gameday.harness.workload;

import gameday.harness.Endpoint;
import gameday.harness.ObjectStore;
import gameday.harness.run.Threads;
import gameday.harness.wait.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The driver of the application's clients while the fault happens, as Jepsen's generator and
 * workers: one thread per {@link AppClient}, paced to the {@link Profile}'s rate and mix of
 * operations, plus the {@link GarbageCollector} when the profile deletes. Every attempt goes to
 * the {@link History} before it is made. The runbook pauses and resumes the whole backend.
 */
public final class Workload implements AutoCloseable {
    /**
     * @param opsPerSecond total target rate across clients; 0 means as fast as they can
     * @param deleteShare  share of operations that soft-delete one of the client's own objects
     * @param gcGrace      when not null, a garbage collector removes the bytes of objects
     *                     soft-deleted longer ago than this (the row stays as a tombstone)
     */
    public record Profile(int clients, double opsPerSecond, double objectShare, int minBytes, int maxBytes,
                          double deleteShare, Duration gcGrace) {
        public static final Profile DEFAULT = new Profile(4, 200, 0.5, 256, 8192);

        public Profile(int clients, double opsPerSecond, double objectShare, int minBytes, int maxBytes) {
            this(clients, opsPerSecond, objectShare, minBytes, maxBytes, 0, null);
        }

        public Profile withDeletes(double share, Duration grace) {
            return new Profile(clients, opsPerSecond, objectShare, minBytes, maxBytes, share, grace);
        }

        public Profile withRate(double perSecond) {
            return new Profile(clients, perSecond, objectShare, minBytes, maxBytes, deleteShare, gcGrace);
        }
    }

    private final Endpoint endpoint;
    private final ObjectStore store;
    private final History history;
    private final Profile profile;
    private final GarbageCollector gc;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean paused;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Workload(Endpoint endpoint, ObjectStore store, History history, Profile profile) {
        this.endpoint = endpoint;
        this.store = store;
        this.history = history;
        this.profile = profile;
        this.gc = profile.gcGrace() == null ? null : new GarbageCollector(endpoint, store, profile.gcGrace());
    }

    public History history() {
        return history;
    }

    public static void applySchema(Connection c) throws SQLException, IOException {
        try (InputStream in = Workload.class.getResourceAsStream("/gameday/fixtures/schema.sql");
             Statement s = c.createStatement()) {
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public void start() {
        running = true;
        for (int i = 0; i < profile.clients(); i++) {
            AppClient client = new AppClient(i, endpoint, store, history, profile.minBytes(), profile.maxBytes());
            spawn("workload-client-" + i, () -> drive(client));
        }
        if (gc != null) spawn("workload-gc", this::collectGarbage);
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Bytes the garbage collector removed so far. */
    public long purged() {
        return gc == null ? 0 : gc.purged();
    }

    /** Stops the writers (the runbook's "scale the backend to 0") and waits for in-flight calls. */
    public void pause(Duration timeout) {
        paused = true;
        Wait.forThe("in-flight workload operations to finish").atMost(timeout).pollEvery(Duration.ofMillis(10)).until(() -> inFlight.get() == 0);
    }

    public void resume() {
        paused = false;
    }

    /**
     * Waits for a write invoked at or after {@code since} (run clock) to be acknowledged; returns
     * the completion time of the newest acknowledged write then.
     */
    public long awaitAckAfter(long since, Duration timeout) {
        return Wait.forThe("an acknowledged write on the recovered endpoint").atMost(timeout).pollEvery(Duration.ofMillis(5))
                .until(() -> {
                    Op last = history.lastOk();
                    return last != null && last.invoke() >= since ? last.complete() : -1L;
                }, t -> t >= 0);
    }

    /** One client's thread: an operation drawn from the profile's mix, at the profile's pace. */
    private void drive(AppClient client) {
        long intervalNanos = profile.opsPerSecond() <= 0 ? 0 : (long) (1e9 * profile.clients() / profile.opsPerSecond());
        long next = System.nanoTime();
        while (running) {
            if (paused) {
                LockSupport.parkNanos(5_000_000);
                continue;
            }
            inFlight.incrementAndGet();
            try {
                if (paused) continue;
                double dice = ThreadLocalRandom.current().nextDouble();
                if (dice < profile.objectShare()) client.writeObject();
                else if (dice < profile.objectShare() + profile.deleteShare() && client.hasLive()) client.softDelete();
                else client.writeRow();
            } finally {
                inFlight.decrementAndGet();
            }
            if (intervalNanos > 0) {
                next += intervalNanos;
                long ahead = next - System.nanoTime();
                if (ahead > 0) LockSupport.parkNanos(ahead);
                else next = System.nanoTime();
            }
        }
        client.close();
    }

    private void collectGarbage() {
        long period = gc.period().toNanos();
        while (running) {
            LockSupport.parkNanos(period);
            if (paused) continue;
            inFlight.incrementAndGet();
            try {
                gc.collect(() -> paused);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    public void stop() {
        running = false;
        Threads.joinAll(threads, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        stop();
    }
}
