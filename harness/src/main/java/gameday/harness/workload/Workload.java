package gameday.harness.workload;

import gameday.harness.Endpoint;
import gameday.harness.GameDayException;
import gameday.harness.ObjectStore;
import gameday.harness.run.Threads;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Clients that write while the fault happens. An object write uploads the bytes first
 * (key = sha256) and then commits the metadata row, as the seeds' application does; a row
 * write is a plain insert. Every attempt goes to the {@link History} before it is made.
 * Clients follow the {@link Endpoint}, so a switchover is picked up on the next operation.
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
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean paused;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong purged = new java.util.concurrent.atomic.AtomicLong();

    public Workload(Endpoint endpoint, ObjectStore store, History history, Profile profile) {
        this.endpoint = endpoint;
        this.store = store;
        this.history = history;
        this.profile = profile;
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
            int client = i;
            Thread t = new Thread(() -> loop(client), "workload-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        if (profile.gcGrace() != null) {
            Thread gc = new Thread(this::collectGarbage, "workload-gc");
            gc.setDaemon(true);
            threads.add(gc);
            gc.start();
        }
    }

    /** Bytes the garbage collector removed so far. */
    public long purged() {
        return purged.get();
    }

    /** Stops the writers (the runbook's "scale the backend to 0") and waits for in-flight calls. */
    public void pause(Duration timeout) {
        paused = true;
        awaitQuiet(timeout);
    }

    public void resume() {
        paused = false;
    }

    private void awaitQuiet(Duration timeout) {
        try {
            Awaitility.await("in-flight workload operations to finish").atMost(timeout).pollInterval(Duration.ofMillis(10))
                    .until(() -> inFlight.get() == 0);
        } catch (ConditionTimeoutException e) {
            throw new GameDayException("workload operations still in flight after " + timeout.toSeconds() + " s");
        }
    }

    /** Waits for the first acknowledged write invoked after {@code since}; returns its completion time. */
    public long awaitAckAfter(long since, Duration timeout) {
        try {
            return Awaitility.await("an acknowledged write on the recovered endpoint").atMost(timeout).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        Op last = history.lastOk();
                        return last != null && last.invoke() >= since ? last.complete() : -1L;
                    }, t -> t >= 0);
        } catch (ConditionTimeoutException e) {
            throw new GameDayException("no write was acknowledged within " + timeout.toSeconds() + " s after the switchover");
        }
    }

    private void loop(int client) {
        long seq = 0;
        long intervalNanos = profile.opsPerSecond() <= 0 ? 0 : (long) (1e9 * profile.clients() / profile.opsPerSecond());
        long next = System.nanoTime();
        Connection conn = null;
        Object connectedTo = null;
        List<String> live = new ArrayList<>(); // this client's objects, the candidates for its deletes
        while (running) {
            if (paused) {
                LockSupport.parkNanos(5_000_000);
                continue;
            }
            inFlight.incrementAndGet();
            try {
                if (paused) continue;
                if (conn == null || connectedTo != endpoint.cluster()) {
                    closeQuietly(conn);
                    connectedTo = endpoint.cluster();
                    try {
                        conn = endpoint.cluster().connect();
                    } catch (SQLException e) {
                        conn = null;
                    }
                }
                double dice = ThreadLocalRandom.current().nextDouble();
                boolean broken = dice < profile.objectShare() ? writeObject(conn, live)
                        : dice < profile.objectShare() + profile.deleteShare() && !live.isEmpty() ? softDelete(conn, live)
                        : writeRow(conn, client, ++seq);
                if (broken) {
                    closeQuietly(conn);
                    conn = null;
                }
            } finally {
                inFlight.decrementAndGet();
            }
            if (intervalNanos > 0) {
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                else next = System.nanoTime();
            }
        }
        closeQuietly(conn);
    }

    /** @return true when the connection should be dropped */
    private boolean writeRow(Connection conn, int client, long seq) {
        String id = "c" + client + "-" + seq;
        long op = history.invoke("row", id);
        if (conn == null) {
            history.fail(op, "no connection");
            return true;
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO events(id, client, seq, payload) VALUES (?,?,?,?)")) {
            ps.setString(1, id);
            ps.setInt(2, client);
            ps.setLong(3, seq);
            ps.setString(4, "payload-" + seq);
            ps.executeUpdate();
            history.ok(op);
            return false;
        } catch (SQLException e) {
            return recordSqlFailure(op, e);
        }
    }

    /** Marks one of the client's objects deleted; the bytes stay until the garbage collector's grace has passed. */
    private boolean softDelete(Connection conn, List<String> live) {
        String key = live.remove(ThreadLocalRandom.current().nextInt(live.size()));
        long op = history.invoke("delete", key);
        if (conn == null) {
            history.fail(op, "no connection");
            return true;
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE objects SET deleted_at = clock_timestamp() WHERE key = ? AND deleted_at IS NULL")) {
            ps.setString(1, key);
            if (ps.executeUpdate() == 1) history.ok(op);
            else history.fail(op, "no live row for " + key);
            return false;
        } catch (SQLException e) {
            return recordSqlFailure(op, e);
        }
    }

    /**
     * The application's garbage collector: removes the bytes of objects soft-deleted more than the
     * grace period ago, keeping the row as a tombstone. It follows the endpoint and stops while the
     * writers are paused (it is part of the backend the runbook scales to 0).
     */
    private void collectGarbage() {
        long every = Math.max(100, Math.min(1000, profile.gcGrace().toMillis() / 4));
        java.util.Set<String> done = new java.util.HashSet<>();
        while (running) {
            LockSupport.parkNanos(every * 1_000_000);
            if (paused) continue;
            inFlight.incrementAndGet();
            try (Connection c = endpoint.cluster().connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT key FROM objects WHERE deleted_at < clock_timestamp() - make_interval(secs => ?)")) {
                ps.setDouble(1, profile.gcGrace().toMillis() / 1000.0);
                String bucket = endpoint.bucket();
                try (var rs = ps.executeQuery()) {
                    while (rs.next() && !paused) {
                        String key = rs.getString(1);
                        if (done.contains(bucket + "/" + key)) continue;
                        store.client().removeObject(io.minio.RemoveObjectArgs.builder().bucket(bucket).object(key).build());
                        done.add(bucket + "/" + key);
                        purged.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                // the database or the bucket is down: collect on the next round
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private boolean writeObject(Connection conn, List<String> live) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] bytes = new byte[r.nextInt(profile.minBytes(), profile.maxBytes() + 1)];
        r.nextBytes(bytes);
        String sha = sha256(bytes);
        long op = history.invoke("object", sha);
        try {
            store.client().putObject(PutObjectArgs.builder().bucket(endpoint.bucket()).object(sha)
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        } catch (Exception e) {
            history.fail(op, "upload: " + e.getMessage());
            return false;
        }
        if (conn == null) {
            history.fail(op, "no connection");
            return true;
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO objects(key, size, sha256) VALUES (?,?,?)")) {
            ps.setString(1, sha);
            ps.setLong(2, bytes.length);
            ps.setString(3, sha);
            ps.executeUpdate();
            history.ok(op);
            live.add(sha);
            return false;
        } catch (SQLException e) {
            return recordSqlFailure(op, e);
        }
    }

    /**
     * A statement that failed with a connection error may still have committed: its outcome
     * is unknown (Jepsen's {@code info}), so it gets no completion line. Any other error is a
     * definite failure.
     */
    private boolean recordSqlFailure(long op, SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.startsWith("08") || state.startsWith("57")) return true;
        history.fail(op, state + " " + e.getMessage());
        return false;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // the server may be gone: that is the point of the exercise
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
