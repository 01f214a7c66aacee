package gameday.harness.local;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Parallel WAL prefetch for recovery, what CloudNativePG's {@code wal.maxParallel} does: N
 * fetchers download the next segments of the archive into a local spool, and
 * {@code restore_command} moves a segment out of the spool when PostgreSQL asks for it.
 * <p>
 * The fetchers use the S3 API (a GET of {@code <server>/wals/<first 16 hex>/<segment>[.gz]})
 * rather than N {@code barman-cloud-wal-restore} processes: each of those costs ~0.75 s of
 * mostly CPU-bound Python start-up, so on 2 cores parallel processes cannot reach 4x; a GET
 * costs milliseconds. A file the spool does not hold (a timeline history file, the probe past
 * the end of the archive, a segment archived after the listing) is asked for: restore_command
 * leaves {@code <file>.ask}, and one Java thread looks it up as barman-cloud-wal-restore does
 * (a listing of {@code wals/<hash dir>/<file>}) and answers with the file or {@code <file>.none}
 * ("not in the archive", exit 1). Without that, each such probe cost a Python start (~1.3 s
 * here, three per PITR). Anything else — compressions other than gzip, a {@code .partial}, a
 * failed GET, no answer within 6 s — falls back to the plain barman-cloud-wal-restore, so
 * recovery restores exactly what sequential mode restores.
 */
final class WalPrefetch implements AutoCloseable {
    private static final Pattern SEGMENT = Pattern.compile("([0-9A-F]{24})(\\.gz)?");
    private static final Pattern BACKUP_FILE = Pattern.compile("[0-9A-F]{24}\\.[0-9A-F]{8}\\.backup.*");
    private static final Pattern START = Pattern.compile("START WAL LOCATION: .*\\(file ([0-9A-F]{24})\\)");
    private final MinioClient client;
    private final String bucket;
    private final String server; // the server's folder in the bucket: serverName, or path/serverName under a destinationPath with a path
    private final Path spool;
    private final ServiceUser user;
    private final int parallel;
    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private ExecutorService pool;
    private Thread feeder;
    private Thread asks;
    private volatile boolean closed;

    WalPrefetch(MinioClient client, String bucket, String server, Path spool, ServiceUser user, int parallel) {
        this.client = client;
        this.bucket = bucket;
        this.server = server;
        this.spool = spool;
        this.user = user;
        this.parallel = parallel;
    }

    /**
     * Starts fetching after the base backup's start segment (read from its backup_label) and
     * returns the restore_command to use; with one fetcher, the plain sequential command.
     */
    String start(Path restoredDataDir, String sequentialCommand) throws IOException {
        if (parallel <= 1) return sequentialCommand;
        String first = startSegment(restoredDataDir);
        Files.createDirectories(spool);
        user.own(spool);
        pool = Executors.newFixedThreadPool(parallel, r -> daemon(r, "wal-prefetch"));
        feeder = daemon(() -> feed(first), "wal-prefetch-feeder");
        feeder.start();
        asks = daemon(this::answerAsks, "wal-prefetch-asks");
        asks.start();
        return restoreCommand(sequentialCommand);
    }

    /**
     * Waits while the file is queued or downloading ({@code .part}); if the spool does not hold
     * it, asks for it ({@code .ask}, answered within 6 s); then moves it out of the spool, or
     * exits 1 on "not in the archive", or runs the sequential command. PostgreSQL runs this with
     * /bin/sh for every file it wants.
     */
    String restoreCommand(String sequentialCommand) {
        return "f=%f; s=" + spool + "; i=0; while [ -e \"$s/$f.part\" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; "
                + "if [ ! -f \"$s/$f\" ]; then : > \"$s/$f.ask\"; i=0; while [ -e \"$s/$f.ask\" ] && [ $i -lt 600 ]; do sleep 0.01; i=$((i+1)); done; "
                + "rm -f \"$s/$f.ask\"; fi; "
                + "if [ -f \"$s/$f\" ]; then mv -f \"$s/$f\" \"%p\"; elif [ -f \"$s/$f.none\" ]; then rm -f \"$s/$f.none\"; exit 1; else "
                + sequentialCommand + "; fi";
    }

    static String startSegment(Path dataDir) throws IOException {
        Matcher m = START.matcher(Files.readString(dataDir.resolve("backup_label")));
        if (!m.find()) throw new IOException("no START WAL LOCATION in " + dataDir.resolve("backup_label"));
        return m.group(1);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Segments are queued in order, at most 2×parallel ahead of replay so the spool stays small. */
    private void feed(String first) {
        String after = null;
        while (!closed) {
            List<String[]> next = list(first, after);
            if (next.isEmpty()) { // the archive may still grow (a live source): look again shortly
                LockSupport.parkNanos(1_000_000_000L);
                continue;
            }
            for (String[] seg : next) {
                while (!closed && spooled() >= 2L * parallel) LockSupport.parkNanos(5_000_000L);
                if (closed) return;
                Path part = spool.resolve(seg[0] + ".part");
                try {
                    Files.createFile(part); // the marker restore_command waits on, set before the GET starts
                } catch (IOException e) {
                    continue;
                }
                pool.execute(() -> fetch(seg[0], seg[1], part));
                after = seg[0];
            }
        }
    }

    private long spooled() {
        try (Stream<Path> s = Files.list(spool)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Segments of the start timeline from {@code first} on, after {@code after}: {name, object key}. */
    private List<String[]> list(String first, String after) {
        List<String[]> out = new ArrayList<>();
        String timeline = first.substring(0, 8);
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(server + "/wals/" + timeline)
                    .recursive(true).build())) {
                String key = r.get().objectName();
                Matcher m = SEGMENT.matcher(key.substring(key.lastIndexOf('/') + 1));
                if (!m.matches()) continue;
                String name = m.group(1);
                if (name.compareTo(first) >= 0 && (after == null || name.compareTo(after) > 0)) out.add(new String[] {name, key});
            }
        } catch (Exception e) {
            return out; // a failed listing only means no prefetch: restore_command falls back
        }
        out.sort((a, b) -> a[0].compareTo(b[0]));
        return out;
    }

    /** Answers every {@code <file>.ask} restore_command leaves, one at a time (PostgreSQL asks for one file at a time). */
    private void answerAsks() {
        while (!closed) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool, "*.ask")) {
                for (Path ask : ds) answer(ask);
            } catch (IOException | DirectoryIteratorException e) {
                // the spool is being removed: recovery is over
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    private void answer(Path ask) {
        String name = ask.getFileName().toString().replace(".ask", "");
        Path part = spool.resolve(name + ".part");
        try {
            for (int i = 0; i < 1200 && Files.exists(part); i++) LockSupport.parkNanos(50_000_000L); // the feeder is fetching it already
            if (!Files.exists(spool.resolve(name))) {
                String key = lookUp(name);
                if (key == null) {
                    Files.writeString(spool.resolve(name + ".none"), "");
                    user.own(spool.resolve(name + ".none"));
                } else if (!key.isEmpty() && !Files.exists(part)) {
                    Files.createFile(part);
                    fetch(name, key, part);
                }
            }
            if (Files.exists(spool.resolve(name)) || Files.exists(spool.resolve(name + ".none"))) answered.incrementAndGet();
        } catch (Exception e) {
            // no answer: restore_command falls back to barman-cloud-wal-restore
        } finally {
            deleteQuietly(ask);
        }
    }

    /**
     * The key of {@code name} as barman-cloud-wal-restore finds it: a listing of
     * {@code wals/<hash dir>/<name>} (no hash dir for history files), backup label files skipped.
     * Null: not in the archive. Empty: there, but only in a form this class does not read.
     */
    private String lookUp(String name) throws Exception {
        String dir = server + "/wals/" + (SEGMENT.matcher(name).matches() ? name.substring(0, 16) + "/" : "");
        boolean other = false;
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(dir + name).recursive(true).build())) {
            String key = r.get().objectName();
            String file = key.substring(dir.length());
            if (file.equals(name) || file.equals(name + ".gz")) return key;
            if (!BACKUP_FILE.matcher(file).matches()) other = true;
        }
        return other ? "" : null;
    }

    private void fetch(String name, String key, Path part) {
        try (InputStream raw = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
             InputStream in = key.endsWith(".gz") ? new GZIPInputStream(raw, 65536) : raw;
             OutputStream out = Files.newOutputStream(part)) {
            bytes.addAndGet(in.transferTo(out));
        } catch (Exception e) {
            deleteQuietly(part);
            return;
        }
        try {
            user.own(part); // PostgreSQL recycles restored segments in place, so they must be its own
            Files.move(part, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            fetched.incrementAndGet();
        } catch (IOException e) {
            deleteQuietly(part);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // restore_command falls back to barman-cloud-wal-restore for this segment
        }
    }

    long fetchedSegments() {
        return fetched.get();
    }

    /** Files asked for outside the spool and answered from Java (fetched, or "not in the archive"). */
    long answeredAsks() {
        return answered.get();
    }

    long fetchedBytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        closed = true;
        if (pool == null) return;
        pool.shutdownNow();
        try {
            feeder.join(5_000);
            asks.join(5_000);
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gameday.harness.run.Reaper.deleteTree(spool);
    }
}
