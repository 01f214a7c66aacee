package gameday.harness.local;

import java.nio.charset.StandardCharsets;

/** Finds a file's data in an uncompressed tar (ustar headers of 512 bytes), for planting a defect in a backup. */
final class TarEntries {
    private TarEntries() {}

    static long offsetOf(byte[] tar, String path) {
        int pos = 0;
        while (pos + 512 <= tar.length && tar[pos] != 0) {
            String name = field(tar, pos, 100), prefix = field(tar, pos + 345, 155);
            String full = (prefix.isEmpty() ? "" : prefix + "/") + name;
            long size = Long.parseLong(field(tar, pos + 124, 12).trim().isEmpty() ? "0" : field(tar, pos + 124, 12).trim(), 8);
            if (full.equals(path) || full.equals("./" + path)) return pos + 512;
            pos += 512 + (int) ((size + 511) / 512 * 512);
        }
        throw new AssertionError(path + " is not in the tar");
    }

    private static String field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }
}
