package gameday.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.GameDayException;
import gameday.harness.journal.Json;
import gameday.harness.run.RunClock;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every operation the clients attempted, appended to {@code history.jsonl} outside the system
 * under test: an {@code invoke} line before the call and an {@code ok}/{@code fail} line after
 * it. An operation with no completion line is {@code unknown}. The first line anchors the run
 * clock to the wall clock. Lines are flushed at once and fsynced in batches.
 */
public final class History implements AutoCloseable {
    private static final long FSYNC_EVERY_NANOS = 100_000_000L;
    private final RunClock clock;
    private final FileChannel channel;
    private final BufferedWriter out;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, Op> ops = new LinkedHashMap<>();
    /** The newest op that completed OK, kept as ops complete: the switchover polls it. */
    private volatile Op lastOk;
    private long lastSync;

    public History(Path file, RunClock clock) {
        this.clock = clock;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            out = new BufferedWriter(new OutputStreamWriter(java.nio.channels.Channels.newOutputStream(channel), StandardCharsets.UTF_8));
            write(Map.of("type", "anchor", "wall", clock.anchorWall().toString(), "t", 0));
        } catch (IOException e) {
            throw new GameDayException("cannot write the history file " + file + ": " + e.getMessage());
        }
    }

    public RunClock clock() {
        return clock;
    }

    /** Records that a client is about to attempt {@code f} on {@code key}; returns the op id. */
    public long invoke(String f, String key) {
        long t = clock.now();
        synchronized (this) {
            long id = nextId.incrementAndGet();
            ops.put(id, new Op(id, f, key, t, -1, Op.Outcome.UNKNOWN, null));
            write(Map.of("type", "invoke", "op", id, "f", f, "key", key, "t", t));
            return id;
        }
    }

    public void ok(long id) {
        complete(id, Op.Outcome.OK, null);
    }

    public void fail(long id, String error) {
        complete(id, Op.Outcome.FAIL, error);
    }

    private void complete(long id, Op.Outcome outcome, String error) {
        long t = clock.now();
        synchronized (this) {
            Op o = ops.get(id);
            Op done = new Op(id, o.f(), o.key(), o.invoke(), t, outcome, error);
            ops.put(id, done);
            if (done.ok() && (lastOk == null || t > lastOk.complete())) lastOk = done;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", outcome.json());
            line.put("op", id);
            line.put("t", t);
            if (error != null) line.put("error", error);
            write(line);
        }
    }

    private void write(Map<String, Object> line) {
        try {
            out.write(Json.MAPPER.writeValueAsString(line));
            out.write('\n');
            out.flush();
            long now = System.nanoTime();
            if (now - lastSync > FSYNC_EVERY_NANOS) {
                channel.force(false);
                lastSync = now;
            }
        } catch (IOException e) {
            throw new GameDayException("cannot append to the history: " + e.getMessage());
        }
    }

    public synchronized List<Op> ops() {
        return new ArrayList<>(ops.values());
    }

    /** The newest op that completed OK, or null. Constant time, without the lock. */
    public Op lastOk() {
        return lastOk;
    }

    @Override
    public synchronized void close() {
        try {
            out.flush();
            channel.force(true);
            channel.close();
        } catch (IOException ignored) {
            // the lines are flushed; only the final fsync was lost
        }
    }

    /** Reads a history file back, as a checker run after a crash would. */
    public static List<Op> read(Path file) throws IOException {
        Map<Long, Op> ops = new LinkedHashMap<>();
        // not Files.lines: it throws on malformed UTF-8, and a crash can tear the last line inside a
        // multi-byte character; this decoder replaces those bytes and the torn line is dropped below
        try (var in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String l : (Iterable<String>) in.lines()::iterator) {
                if (l.isBlank()) continue;
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(l);
                } catch (IOException torn) {
                    break; // a torn last line after a crash: everything before it stands
                }
                String type = n.path("type").asText();
                long id = n.path("op").asLong();
                long t = n.path("t").asLong();
                switch (type) {
                    case "invoke" -> ops.put(id, new Op(id, n.path("f").asText(), n.path("key").asText(), t, -1, Op.Outcome.UNKNOWN, null));
                    case "ok", "fail" -> {
                        Op o = ops.get(id);
                        if (o != null) ops.put(id, new Op(id, o.f(), o.key(), o.invoke(), t,
                                type.equals("ok") ? Op.Outcome.OK : Op.Outcome.FAIL, n.path("error").asText(null)));
                    }
                    default -> { }
                }
            }
        }
        return new ArrayList<>(ops.values());
    }
}
