package gameday.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gameday.harness.run.RunClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a history back after the harness crashed while appending: every complete line stands,
 * and the torn last line is dropped, so an op whose completion line was torn stays unknown.
 */
class HistoryReadTest {
    static final String ANCHOR = "{\"type\":\"anchor\",\"wall\":\"2026-11-23T15:14:55Z\",\"t\":0}\n";

    private static String outcomes(List<Op> ops) {
        return String.join(" ", ops.stream().map(o -> o.id() + ":" + o.outcome().json()).toList());
    }

    private static List<Op> read(Path dir, byte[] bytes) throws IOException {
        Path file = dir.resolve("history.jsonl");
        Files.write(file, bytes);
        return History.read(file);
    }

    private static List<Op> read(Path dir, String text) throws IOException {
        return read(dir, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void completeLinesFoldIntoOkFailAndUnknown(@TempDir Path dir) throws IOException {
        List<Op> ops = read(dir, ANCHOR
                + "{\"type\":\"invoke\",\"op\":1,\"f\":\"row\",\"key\":\"1\",\"t\":10}\n"
                + "{\"type\":\"invoke\",\"op\":2,\"f\":\"object\",\"key\":\"ab\",\"t\":11}\n"
                + "{\"type\":\"ok\",\"op\":1,\"t\":20}\n"
                + "{\"type\":\"invoke\",\"op\":3,\"f\":\"row\",\"key\":\"3\",\"t\":21}\n"
                + "{\"type\":\"fail\",\"op\":2,\"t\":30,\"error\":\"connection refused\"}\n");
        assertEquals("1:ok 2:fail 3:unknown", outcomes(ops));
        Op ok = ops.get(0), failed = ops.get(1), unknown = ops.get(2);
        assertEquals(List.of("row", "1", 10L, 20L), List.of(ok.f(), ok.key(), ok.invoke(), ok.complete()));
        assertEquals("connection refused", failed.error());
        assertEquals(List.of("object/ab", 30L), List.of(failed.ref(), failed.complete()));
        assertEquals(-1L, unknown.complete());
    }

    @Test
    void tornCompletionLeavesItsOpUnknown(@TempDir Path dir) throws IOException {
        List<Op> ops = read(dir, ANCHOR
                + "{\"type\":\"invoke\",\"op\":1,\"f\":\"row\",\"key\":\"1\",\"t\":10}\n"
                + "{\"type\":\"invoke\",\"op\":2,\"f\":\"row\",\"key\":\"2\",\"t\":11}\n"
                + "{\"type\":\"ok\",\"op\":1,\"t\":20}\n"
                + "{\"type\":\"ok\",\"op\":2,\"t");
        // the client may or may not have seen its acknowledgement: the history cannot say, so unknown
        assertEquals("1:ok 2:unknown", outcomes(ops));
        assertEquals(-1L, ops.get(1).complete());
    }

    @Test
    void tornInvokeIsNotAnOp(@TempDir Path dir) throws IOException {
        List<Op> ops = read(dir, ANCHOR
                + "{\"type\":\"invoke\",\"op\":1,\"f\":\"row\",\"key\":\"1\",\"t\":10}\n"
                + "{\"type\":\"ok\",\"op\":1,\"t\":20}\n"
                + "{\"type\":\"invoke\",\"op\":2,\"f\":\"ro");
        assertEquals("1:ok", outcomes(ops));
    }

    @Test
    void tornLineWithItsNewlineIsDroppedToo(@TempDir Path dir) throws IOException {
        // a line cut short whose tail and newline were written by a later, partial flush
        List<Op> ops = read(dir, ANCHOR
                + "{\"type\":\"invoke\",\"op\":1,\"f\":\"row\",\"key\":\"1\",\"t\":10}\n"
                + "{\"type\":\"ok\",\"op\":1,\"t\":2\n");
        assertEquals("1:unknown", outcomes(ops));
    }

    @Test
    void tornInsideAMultiByteCharacter(@TempDir Path dir) throws IOException {
        // error messages come from the server and may hold any character; a crash can cut one in half
        byte[] whole = (ANCHOR
                + "{\"type\":\"invoke\",\"op\":1,\"f\":\"row\",\"key\":\"1\",\"t\":10}\n"
                + "{\"type\":\"invoke\",\"op\":2,\"f\":\"row\",\"key\":\"2\",\"t\":11}\n"
                + "{\"type\":\"ok\",\"op\":1,\"t\":20}\n"
                + "{\"type\":\"fail\",\"op\":2,\"t\":30,\"error\":\"naïve\"}\n").getBytes(StandardCharsets.UTF_8);
        int cut = indexOf(whole, "ï".getBytes(StandardCharsets.UTF_8)) + 1;
        List<Op> ops = read(dir, Arrays.copyOf(whole, cut));
        assertEquals("1:ok 2:unknown", outcomes(ops));
    }

    @Test
    void whatTheWriterWroteReadsBackAfterACrashMidLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("history.jsonl");
        long ok, failed, unknown;
        try (History h = new History(file, new RunClock(System.nanoTime(), Instant.parse("2026-11-23T15:14:55Z")))) {
            ok = h.invoke("row", "1");
            failed = h.invoke("object", "ab");
            unknown = h.invoke("row", "3");
            h.ok(ok);
            h.fail(failed, "connection refused");
            assertEquals(h.ops(), History.read(file));
        }
        // a crash while appending the completion of the third op: only part of its line reached the disk
        String complete = Files.readString(file);
        Files.writeString(file, complete + "{\"type\":\"ok\",\"op\":" + unknown + ",\"t\":9");
        List<Op> ops = History.read(file);
        assertEquals(ok + ":ok " + failed + ":fail " + unknown + ":unknown", outcomes(ops));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
