package gameday.harness.drill;

import gameday.harness.check.BackupHealth;
import gameday.harness.check.Verdict;
import gameday.harness.drill.Archive.BaseBackup;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The archive, judged before anything is restored: every base backup complete (DONE, its data
 * tars present, an uncompressed tar ending with tar's end-of-archive blocks), and the WAL chain
 * from each backup's begin segment to the newest segment, following the timeline history files.
 * Gaps are named by segment. Then what the archive promises: the oldest recoverable point
 * against {@code --retention}, and the RPO exposure now (age of the newest WAL and base backup).
 */
public final class ArchiveCheck {
    public static final String ARCHIVE = "archive", RETENTION = "retention", RPO_EXPOSURE = "rpo-exposure";

    /** What one backup offers: its own problems, and how far its WAL chain reaches. */
    public record Chain(BaseBackup backup, List<String> fileProblems, String firstMissing, long missing, String lastReachable) {
        public boolean usable() {
            return fileProblems.isEmpty();
        }

        public boolean complete() {
            return usable() && firstMissing == null;
        }
    }

    private final Archive archive;
    private final List<Chain> chains = new ArrayList<>();

    private ArchiveCheck(Archive archive) {
        this.archive = archive;
    }

    public static ArchiveCheck of(Archive archive, MinioClient client, String bucket) {
        ArchiveCheck c = new ArchiveCheck(archive);
        for (BaseBackup b : archive.backups()) c.chains.add(c.chain(b, c.fileProblems(b, client, bucket)));
        return c;
    }

    public List<Chain> chains() {
        return chains;
    }

    public Chain chainOf(BaseBackup b) {
        return chains.stream().filter(c -> c.backup().id().equals(b.id())).findFirst().orElseThrow();
    }

    private List<String> fileProblems(BaseBackup b, MinioClient client, String bucket) {
        List<String> p = new ArrayList<>();
        if (!"DONE".equals(b.status())) p.add("backup " + b.label() + " has status " + b.status() + ", not DONE");
        List<Archive.StoredFile> data = b.files().stream().filter(f -> name(f).startsWith("data.tar")).toList();
        if (data.isEmpty()) p.add("backup " + b.label() + " has lost its data files (data.tar is gone; its backup.info is still there)");
        for (String oid : b.tablespaceOids())
            if (b.files().stream().noneMatch(f -> name(f).startsWith(oid + ".tar"))) p.add("backup " + b.label() + " has lost the tar of tablespace " + oid);
        for (Archive.StoredFile f : b.files()) {
            if (!name(f).endsWith(".tar")) continue; // a compressed tar is checked by restoring it
            String why = tarProblem(client, bucket, f);
            if (why != null) p.add("backup " + b.label() + ": " + name(f) + " is truncated (" + why + ")");
        }
        if (b.begin() == null || b.end() == null || b.beginWal() == null) p.add("backup " + b.label() + " has no readable begin/end in its backup.info");
        return p;
    }

    private static String name(Archive.StoredFile f) {
        return f.key().substring(f.key().lastIndexOf('/') + 1);
    }

    /**
     * Walks an uncompressed tar's headers with ranged GETs of 512 bytes (the file bodies are not
     * read): every entry must fit in the object, and the end-of-archive blocks must follow the last.
     * A truncated tar fails here; its size alone would not tell, and PostgreSQL pages are full of zeros.
     */
    static String tarProblem(MinioClient client, String bucket, Archive.StoredFile f) {
        long pos = 0, size = f.size();
        try {
            while (true) {
                if (pos + 512 > size) return "it ends at byte " + size + ", inside the entry header expected at " + pos;
                byte[] h;
                try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(f.key()).offset(pos).length(512L).build())) {
                    h = in.readAllBytes();
                }
                if (h.length != 512) return "a short read at byte " + pos;
                boolean zero = true;
                for (byte x : h) zero &= x == 0;
                if (zero) return pos + 1024 <= size ? null : "the end-of-archive blocks at byte " + pos + " are incomplete";
                long len = entrySize(h);
                pos += 512 + (len + 511) / 512 * 512;
                if (pos > size) return "an entry needs " + pos + " bytes, the object has " + size;
            }
        } catch (Exception e) {
            return "unreadable at byte " + pos + ": " + e.getMessage();
        }
    }

    /** The size field: octal text, or base-256 when its first byte has the high bit (GNU, files over 8 GiB). */
    private static long entrySize(byte[] h) {
        if ((h[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) v = (v << 8) | (h[i] & 0xff);
            return v;
        }
        String t = new String(h, 124, 12, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "").trim();
        return t.isEmpty() ? 0 : Long.parseLong(t, 8);
    }

    /** One timeline's stretch of the stream: segment numbers {@code from..to}, inclusive. */
    private record Range(int timeline, long from, long to) {}

    /** The timelines a recovery along {@code target} reads, from its history file. */
    private List<Range> path(int target) {
        List<Range> out = new ArrayList<>();
        long start = 0;
        String history = archive.histories().get(target);
        if (history != null) {
            for (String line : history.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 2 || !f[0].matches("\\d+") || !f[1].contains("/")) continue;
                String[] lsn = f[1].split("/");
                long end = ((Long.parseLong(lsn[0], 16) << 32) | Long.parseLong(lsn[1], 16)) / archive.segmentSize();
                out.add(new Range(Integer.parseInt(f[0]), start, end));
                start = end;
            }
        }
        out.add(new Range(target, start, Long.MAX_VALUE));
        return out;
    }

    /** The newest timeline whose history contains the backup's timeline. */
    private List<Range> pathFor(BaseBackup b) {
        TreeSet<Integer> timelines = new TreeSet<>(archive.histories().keySet());
        for (String s : archive.segments()) timelines.add(Integer.parseInt(s.substring(0, 8), 16));
        for (int t : timelines.descendingSet()) {
            List<Range> p = path(t);
            if (p.stream().anyMatch(r -> r.timeline() == b.timeline())) return p;
        }
        return path(b.timeline());
    }

    private Chain chain(BaseBackup b, List<String> problems) {
        if (b.beginWal() == null) return new Chain(b, problems, null, 0, null);
        List<Range> path = pathFor(b);
        long newest = -1;
        for (String s : archive.segments()) {
            int tli = Integer.parseInt(s.substring(0, 8), 16);
            long n = archive.number(s);
            if (path.stream().anyMatch(r -> r.timeline() == tli && n >= r.from() && n <= r.to())) newest = Math.max(newest, n);
        }
        long begin = archive.number(b.beginWal()), end = b.endWal() == null ? begin : archive.number(b.endWal());
        List<String> out = new ArrayList<>(problems);
        String firstMissing = null, lastReachable = null;
        long missing = 0;
        if (newest < end) {
            firstMissing = archive.name(b.timeline(), Math.max(newest + 1, begin));
            out.add("backup " + b.label() + " cannot become consistent: WAL up to its end segment " + b.endWal() + " is not in the archive");
        }
        long firstMissingNumber = -1;
        for (long k = begin; k <= newest; k++) {
            String found = null;
            for (Range r : path) {
                if (k < r.from() || k > r.to()) continue;
                String n = archive.name(r.timeline(), k);
                if (archive.segments().contains(n)) found = n;
            }
            if (found != null && missing == 0) lastReachable = found;
            if (found == null) {
                if (missing == 0) firstMissingNumber = k;
                missing++;
                long at = k;
                if (firstMissing == null) firstMissing = archive.name(path.stream().filter(r -> r.from() <= at && at <= r.to()).reduce((x, y) -> y)
                        .map(Range::timeline).orElse(b.timeline()), k);
            }
        }
        if (firstMissingNumber >= 0 && firstMissingNumber <= end)
            out.add("backup " + b.label() + " cannot become consistent: its own WAL segment " + firstMissing + " is missing");
        return new Chain(b, out, firstMissing, missing, lastReachable);
    }

    /** Every backup and the WAL chain: invalid naming each backup that lost files and each gap. */
    public Verdict archive() {
        Map<String, Object> f = new LinkedHashMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Chain c : chains) {
            BaseBackup b = c.backup();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.id());
            if (b.name() != null) m.put("name", b.name());
            m.put("status", b.status());
            m.put("begin", String.valueOf(b.begin()));
            m.put("end", String.valueOf(b.end()));
            m.put("beginLsn", b.beginLsn());
            m.put("endLsn", b.endLsn());
            m.put("beginWal", b.beginWal());
            m.put("timeline", b.timeline());
            m.put("postgresVersion", b.version());
            m.put("sizeBytes", b.size());
            m.put("storedBytes", b.storedBytes());
            m.put("filesPresent", c.usable());
            m.put("walChainComplete", c.complete());
            if (c.firstMissing() != null) m.put("firstMissingSegment", c.firstMissing());
            list.add(m);
            problems.addAll(c.fileProblems());
            if (c.usable() && c.firstMissing() != null && c.missing() > 0)
                problems.add("WAL gap after backup " + b.label() + ": segment " + c.firstMissing() + " is missing (" + c.missing()
                        + " missing in all); replay from it stops at " + c.lastReachable());
        }
        if (chains.isEmpty()) problems.add("no base backup in the archive");
        f.put("backups", list);
        f.put("walSegments", archive.segments().size());
        f.put("timelines", archive.histories().size() + 1);
        f.put("objects", archive.objects());
        f.put("bytes", archive.bytes());
        if (!archive.segments().isEmpty()) f.put("newestSegment", archive.segments().last());
        return Verdict.of(ARCHIVE, f, problems.stream().distinct().toList());
    }

    /** The oldest point a restore can reach: the end of the oldest backup that is complete and whose WAL reaches its end. */
    public Instant oldestRecoverable() {
        return chains.stream().filter(c -> c.usable() && c.fileProblems().isEmpty()).map(c -> c.backup().end()).filter(e -> e != null).findFirst()
                .orElse(null);
    }

    public Verdict retention(Duration promised, Instant now) {
        Instant oldest = oldestRecoverable();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("promisedDays", promised.toHours() / 24.0);
        if (oldest != null) {
            f.put("oldestRecoverable", oldest.toString());
            f.put("heldDays", Math.round(Duration.between(oldest, now).toMinutes() / 144.0) / 10.0);
        }
        List<String> p = new ArrayList<>();
        if (oldest == null) p.add("no recoverable point at all");
        else if (oldest.isAfter(now.minus(promised)))
            p.add("--retention " + Durations.format(promised) + " is not held: the oldest recoverable point is " + oldest + ", "
                    + Durations.format(Duration.between(oldest, now)) + " ago");
        return Verdict.of(RETENTION, f, p);
    }

    /** What losing the primary now would cost, by the game days' backup-health rules. */
    public Verdict rpoExposure(Duration maxBackupAge, Duration maxWalAge, Instant now) {
        Instant lastDone = null;
        for (Chain c : chains) if (c.usable() && c.backup().end() != null) lastDone = c.backup().end();
        String newestSegment = archive.segments().isEmpty() ? null : archive.segments().last();
        var signals = new BackupHealth.Signals(lastDone, "backup.info", null, null, 0,
                new BackupHealth.Archive(archive.newestBase(), archive.newestWal(), newestSegment), List.of());
        var r = BackupHealth.judge(signals, now, maxBackupAge == null ? Duration.ofDays(365_000) : maxBackupAge, maxWalAge);
        Map<String, Object> f = new LinkedHashMap<>();
        if (r.lastBackupAge() != null) f.put("newestBackupAgeS", r.lastBackupAge().toSeconds());
        if (archive.newestWal() != null) f.put("newestWalAgeS", Duration.between(archive.newestWal(), now).toSeconds());
        if (maxBackupAge != null) f.put("maxBackupAgeS", maxBackupAge.toSeconds());
        if (maxWalAge != null) f.put("maxWalAgeS", maxWalAge.toSeconds());
        return Verdict.of(RPO_EXPOSURE, f, r.problems());
    }
}
