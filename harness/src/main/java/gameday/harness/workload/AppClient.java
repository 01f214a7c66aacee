package gameday.harness.workload;

import gameday.harness.Endpoint;
import gameday.harness.ObjectStore;
import gameday.harness.s3.Sha256;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client of the application, as Jepsen's client: it performs one operation at a time and
 * records it in the {@link History} (invoke before, ok or fail after, nothing when the outcome
 * is unknown). An object write uploads the bytes first (key = sha256) and then commits the
 * metadata row, as the application under test does; a row write is a plain insert; a delete is
 * soft (the row stays, the garbage collector removes the bytes later). The client follows the
 * {@link Endpoint}: a switchover is picked up on its next operation. Not thread-safe: one per thread.
 */
final class AppClient implements AutoCloseable {
    private final int id;
    private final Endpoint endpoint;
    private final ObjectStore store;
    private final History history;
    private final int minBytes;
    private final int maxBytes;
    private final List<String> live = new ArrayList<>(); // this client's objects, the candidates for its deletes
    private long seq;
    private Connection conn;
    private Object connectedTo;

    AppClient(int id, Endpoint endpoint, ObjectStore store, History history, int minBytes, int maxBytes) {
        this.id = id;
        this.endpoint = endpoint;
        this.store = store;
        this.history = history;
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
    }

    /** Whether the client has an object of its own to delete. */
    boolean hasLive() {
        return !live.isEmpty();
    }

    void writeRow() {
        follow();
        long n = ++seq;
        String key = "c" + id + "-" + n;
        long op = history.invoke("row", key);
        if (conn == null) {
            history.fail(op, "no connection");
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO events(id, client, seq, payload) VALUES (?,?,?,?)")) {
            ps.setString(1, key);
            ps.setInt(2, id);
            ps.setLong(3, n);
            ps.setString(4, "payload-" + n);
            ps.executeUpdate();
            history.ok(op);
        } catch (SQLException e) {
            failed(op, e);
        }
    }

    void writeObject() {
        follow();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] bytes = new byte[r.nextInt(minBytes, maxBytes + 1)];
        r.nextBytes(bytes);
        String sha = Sha256.of(bytes);
        long op = history.invoke("object", sha);
        try {
            store.client().putObject(PutObjectArgs.builder().bucket(endpoint.bucket()).object(sha)
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        } catch (Exception e) {
            history.fail(op, "upload: " + e.getMessage());
            return;
        }
        if (conn == null) {
            history.fail(op, "no connection");
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO objects(key, size, sha256) VALUES (?,?,?)")) {
            ps.setString(1, sha);
            ps.setLong(2, bytes.length);
            ps.setString(3, sha);
            ps.executeUpdate();
            history.ok(op);
            live.add(sha);
        } catch (SQLException e) {
            failed(op, e);
        }
    }

    /** Marks one of the client's objects deleted; the bytes stay until the garbage collector's grace has passed. */
    void softDelete() {
        follow();
        String key = live.remove(ThreadLocalRandom.current().nextInt(live.size()));
        long op = history.invoke("delete", key);
        if (conn == null) {
            history.fail(op, "no connection");
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE objects SET deleted_at = clock_timestamp() WHERE key = ? AND deleted_at IS NULL")) {
            ps.setString(1, key);
            if (ps.executeUpdate() == 1) history.ok(op);
            else history.fail(op, "no live row for " + key);
        } catch (SQLException e) {
            failed(op, e);
        }
    }

    /** (Re)connects when there is no connection or the endpoint now points at another cluster. */
    private void follow() {
        if (conn != null && connectedTo == endpoint.cluster()) return;
        close();
        connectedTo = endpoint.cluster();
        try {
            conn = endpoint.cluster().connect();
        } catch (SQLException e) {
            conn = null;
        }
    }

    /**
     * The error mapping. A statement that failed with a connection error may still have
     * committed: its outcome is unknown (Jepsen's {@code info}), so it gets no completion line,
     * and the connection is dropped. Any other error is a definite failure.
     */
    private void failed(long op, SQLException e) {
        if (outcomeUnknown(e)) {
            close();
            return;
        }
        history.fail(op, e.getSQLState() + " " + e.getMessage());
    }

    /** No SQLSTATE, connection exceptions (class 08) and operator intervention (57: shutdown, termination). */
    static boolean outcomeUnknown(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57");
    }

    @Override
    public void close() {
        if (conn == null) return;
        try {
            conn.close();
        } catch (SQLException ignored) {
            // the server may be gone: that is the point of the exercise
        }
        conn = null;
    }
}
