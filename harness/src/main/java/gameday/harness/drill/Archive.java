package gameday.harness.drill;

import gameday.harness.check.WalFile;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one server's folder of a barman-cloud archive holds, from one listing and a GET of each
 * {@code backup.info}: the base backups, the WAL segments by name, the timeline history files.
 * Only lists and reads. Segment names are kept, not the objects, so memory grows with the
 * number of segments only.
 */
public final class Archive {
    private static final Pattern SEGMENT = Pattern.compile("([0-9A-F]{24})(\\.(gz|bz2|xz|snappy|lz4|zst))?");
    private static final Pattern HISTORY = Pattern.compile("([0-9A-F]{8})\\.history(\\.(gz|bz2|xz|snappy|lz4|zst))?");
    private static final Pattern TABLESPACE_OID = Pattern.compile("\\(\\s*'[^']*',\\s*(\\d+)");

    public record StoredFile(String key, long size) {}

    /** One base backup as its backup.info describes it, and the files stored beside it. */
    public record BaseBackup(String id, String name, String status, Instant begin, Instant end, String beginLsn, String endLsn, String beginWal,
                             String endWal, int timeline, long size, int version, long segmentSize, List<StoredFile> files,
                             List<String> tablespaceOids, String compression) {
        /** PostgreSQL's major version: 150014 → 15. */
        public int major() {
            return version >= 100000 ? version / 10000 : version / 100;
        }

        public long storedBytes() {
            return files.stream().mapToLong(StoredFile::size).sum();
        }

        public String label() {
            return id + (name == null || name.isEmpty() || name.equals("None") ? "" : " (" + name + ")");
        }
    }

    private final List<BaseBackup> backups;
    private final TreeSet<String> segments;
    private final Map<Integer, String> histories;
    private final Instant newestWal;
    private final Instant newestBase;
    private final long objects;
    private final long bytes;

    Archive(List<BaseBackup> backups, TreeSet<String> segments, Map<Integer, String> histories, Instant newestWal, Instant newestBase, long objects,
            long bytes) {
        this.backups = backups;
        this.segments = segments;
        this.histories = histories;
        this.newestWal = newestWal;
        this.newestBase = newestBase;
        this.objects = objects;
        this.bytes = bytes;
    }

    /** Lists {@code <serverPath>/} once and reads every backup.info and history file. */
    public static Archive list(MinioClient client, BackupSource source) throws Exception {
        String root = source.serverPath() + "/";
        Map<String, List<StoredFile>> baseFiles = new TreeMap<>();
        TreeSet<String> segments = new TreeSet<>();
        Map<Integer, String> historyKeys = new TreeMap<>();
        Instant newestWal = null, newestBase = null;
        long objects = 0, bytes = 0;
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(source.bucket()).prefix(root).recursive(true).build())) {
            Item i = r.get();
            objects++;
            bytes += i.size();
            String rel = i.objectName().substring(root.length());
            Instant modified = i.lastModified() == null ? null : i.lastModified().toInstant();
            String file = rel.substring(rel.lastIndexOf('/') + 1);
            if (rel.startsWith("base/")) {
                String[] parts = rel.split("/", 3);
                if (parts.length == 3) baseFiles.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(new StoredFile(i.objectName(), i.size()));
                newestBase = newer(newestBase, modified);
            } else if (rel.startsWith("wals/")) {
                newestWal = newer(newestWal, modified);
                Matcher m = SEGMENT.matcher(file);
                if (m.matches()) segments.add(m.group(1));
                Matcher h = HISTORY.matcher(file);
                if (h.matches()) historyKeys.put(Integer.parseInt(h.group(1), 16), i.objectName());
            }
        }
        List<BaseBackup> backups = new ArrayList<>();
        for (var e : baseFiles.entrySet()) {
            StoredFile info = e.getValue().stream().filter(f -> f.key().endsWith("/backup.info")).findFirst().orElse(null);
            List<StoredFile> data = e.getValue().stream().filter(f -> !f.key().endsWith("/backup.info")).toList();
            Map<String, String> kv = info == null ? Map.of() : parseInfo(read(client, source.bucket(), info.key()));
            backups.add(backup(e.getKey(), kv, data));
        }
        backups.sort(Comparator.comparing(b -> b.end() == null ? Instant.MIN : b.end()));
        Map<Integer, String> histories = new TreeMap<>();
        for (var h : historyKeys.entrySet()) histories.put(h.getKey(), read(client, source.bucket(), h.getValue()));
        return new Archive(backups, segments, histories, newestWal, newestBase, objects, bytes);
    }

    static BaseBackup backup(String id, Map<String, String> kv, List<StoredFile> data) {
        List<String> oids = new ArrayList<>();
        Matcher m = TABLESPACE_OID.matcher(kv.getOrDefault("tablespaces", ""));
        while (m.find()) oids.add(m.group(1));
        return new BaseBackup(id, kv.get("backup_name"), kv.getOrDefault("status", "(no backup.info)"), time(kv.get("begin_time")), time(kv.get("end_time")),
                kv.get("begin_xlog"), kv.get("end_xlog"), kv.get("begin_wal"), kv.get("end_wal"), (int) num(kv.get("timeline"), 1), num(kv.get("size"), -1),
                (int) num(kv.get("version"), -1), num(kv.get("xlog_segment_size"), 16L << 20), data, oids, kv.get("compression"));
    }

    /** barman's backup.info: one {@code key=value} per line. */
    static Map<String, String> parseInfo(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return kv;
    }

    private static String read(MinioClient client, String bucket, String key) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
    }

    /** barman writes "2026-11-30 09:10:00.123456+00:00". */
    static Instant time(String t) {
        if (t == null || t.isEmpty() || t.equals("None")) return null;
        try {
            return OffsetDateTime.parse(t.trim().replace(' ', 'T')).toInstant();
        } catch (Exception e) {
            return null;
        }
    }

    private static long num(String v, long dflt) {
        try {
            return v == null ? dflt : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static Instant newer(Instant a, Instant b) {
        return b == null ? a : a == null || b.isAfter(a) ? b : a;
    }

    /** Oldest end first. */
    public List<BaseBackup> backups() {
        return backups;
    }

    public TreeSet<String> segments() {
        return segments;
    }

    /** Timeline → the text of its history file. */
    public Map<Integer, String> histories() {
        return histories;
    }

    public Instant newestWal() {
        return newestWal;
    }

    public Instant newestBase() {
        return newestBase;
    }

    public long objects() {
        return objects;
    }

    public long bytes() {
        return bytes;
    }

    public long segmentSize() {
        return backups.stream().mapToLong(BaseBackup::segmentSize).filter(s -> s > 0).findFirst().orElse(16L << 20);
    }

    /** Segment number of a WAL file name, ignoring its timeline. */
    long number(String wal) {
        return WalFile.segmentNumber(wal, segmentSize());
    }

    /** The WAL file name of segment {@code n} on {@code timeline}. */
    String name(int timeline, long n) {
        long perLog = 0x1_0000_0000L / segmentSize();
        return String.format("%08X%08X%08X", timeline, n / perLog, n % perLog);
    }
}
