package gameday.harness.workload;

import gameday.harness.Endpoint;
import gameday.harness.GameDayException;
import gameday.harness.ObjectStore;
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
    /** @param opsPerSecond total target rate across clients; 0 means as fast as they can */
    public record Profile(int clients, double opsPerSecond, double objectShare, int minBytes, int maxBytes) {
        public static final Profile DEFAULT = new Profile(4, 200, 0.5, 256, 8192);
    }

    private final Endpoint endpoint;
    private final ObjectStore store;
    private final History history;
    private final Profile profile;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean paused;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

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
                boolean object = ThreadLocalRandom.current().nextDouble() < profile.objectShare();
                boolean broken = object ? writeObject(conn) : writeRow(conn, client, ++seq);
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

    private boolean writeObject(Connection conn) {
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
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public void close() {
        stop();
    }
}
