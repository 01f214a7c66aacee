package gameday.harness.check;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * DB ↔ bucket consistency. Both sides arrive sorted by key and are merged in one
 * pass, so memory stays bounded however many objects there are.
 * <ul>
 * <li><b>dangling</b>: a live row whose object is missing — data loss;</li>
 * <li><b>corrupt</b>: size or checksum of the object does not match the row;</li>
 * <li><b>orphan</b>: an object with no row — garbage, fine inside the GC window;</li>
 * <li><b>resurrected</b>: a soft-deleted row whose bytes are gone (reported, not an error).</li>
 * </ul>
 */
public final class ConsistencyChecker {
    public static final String NAME = "consistency";

    public record Row(String key, long size, String sha256, boolean deleted) {}

    public record StoredObject(String key, long size) {}

    /** Compares the restored cluster with the bucket the application uses after recovery, bytes hashed. */
    public static final Checker CHECKER = Checker.of(NAME,
            ctx -> RestoredState.consistency(ctx.env().endpoint().cluster(), ctx.env().objectStore(), ctx.env().endpoint().bucket(), true));

    private ConsistencyChecker() {}

    /**
     * @param contentSha when not null, the object's bytes are read and hashed (deep check; a null
     *                   result means the key was not sampled); otherwise only sizes are compared
     */
    public static Verdict check(Iterator<Row> rows, Iterator<StoredObject> objects, Function<String, String> contentSha) {
        long checkedRows = 0, listed = 0, dangling = 0, corrupt = 0, orphan = 0, resurrected = 0;
        List<String> danglingSample = new ArrayList<>(), corruptSample = new ArrayList<>();
        Row r = next(rows, null);
        StoredObject o = next(objects, null);
        while (r != null || o != null) {
            int cmp = r == null ? 1 : o == null ? -1 : r.key().compareTo(o.key());
            if (cmp < 0) {
                checkedRows++;
                if (r.deleted()) resurrected++;
                else {
                    dangling++;
                    if (danglingSample.size() < 5) danglingSample.add(r.key());
                }
                r = next(rows, r);
            } else if (cmp > 0) {
                listed++;
                orphan++;
                o = next(objects, o);
            } else {
                checkedRows++;
                listed++;
                // a size below 0 or a null checksum is not recorded (a drill's table may lack the column); a null hash was not sampled
                boolean bad = (r.size() >= 0 && r.size() != o.size()) || (contentSha != null && !r.deleted() && r.sha256() != null
                        && differs(r.sha256(), contentSha.apply(o.key())));
                if (bad) {
                    corrupt++;
                    if (corruptSample.size() < 5) corruptSample.add(r.key());
                }
                r = next(rows, r);
                o = next(objects, o);
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("rows", checkedRows);
        f.put("objects", listed);
        f.put("dangling", dangling);
        f.put("corrupt", corrupt);
        f.put("orphan", orphan);
        f.put("resurrected", resurrected);
        f.put("deep", contentSha != null);
        if (!danglingSample.isEmpty()) f.put("danglingSample", danglingSample);
        if (!corruptSample.isEmpty()) f.put("corruptSample", corruptSample);
        List<String> problems = new ArrayList<>();
        if (dangling > 0) problems.add(dangling + " rows reference objects that are missing (dangling)");
        if (corrupt > 0) problems.add(corrupt + " objects do not match their row's size or checksum (corrupt)");
        return Verdict.of(NAME, f, problems);
    }

    private static boolean differs(String recorded, String read) {
        return read != null && !recorded.equals(read);
    }

    /** Advances a side and refuses input that is not sorted: the one-pass merge depends on it. */
    private static <T> T next(Iterator<T> it, T previous) {
        if (!it.hasNext()) return null;
        T n = it.next();
        if (previous != null && key(n).compareTo(key(previous)) <= 0)
            throw new IllegalStateException("input not sorted by key: '" + key(n) + "' after '" + key(previous) + "'");
        return n;
    }

    private static String key(Object o) {
        return o instanceof Row r ? r.key() : ((StoredObject) o).key();
    }
}
