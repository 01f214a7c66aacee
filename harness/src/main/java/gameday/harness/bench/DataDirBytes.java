package gameday.harness.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** The bytes of a data directory as a base backup carries them, for the raw S3 PUT reference. */
final class DataDirBytes {
    private DataDirBytes() {}

    /** What a base backup carries: the data directory without pg_wal. */
    private static List<Path> dataFiles(Path dataDir) throws IOException {
        try (Stream<Path> w = Files.walk(dataDir)) {
            return w.filter(Files::isRegularFile).filter(p -> !dataDir.relativize(p).startsWith("pg_wal")).sorted().toList();
        }
    }

    static long all(Path dataDir) throws IOException {
        try (Stream<Path> w = Files.walk(dataDir)) {
            return w.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static long backedUp(Path dataDir) throws IOException {
        long n = 0;
        for (Path p : dataFiles(dataDir)) n += Files.size(p);
        return n;
    }

    /** The same bytes as the backup, as one stream: the raw PUT reference. */
    private static InputStream concatenated(Path dataDir) throws IOException {
        List<Path> files = dataFiles(dataDir);
        return new SequenceInputStream(Collections.enumeration(files.stream().map(p -> (InputStream) lazy(p)).toList()));
    }

    /** The backed-up files as one stream of exactly {@code n} bytes. */
    static InputStream stream(Path dataDir, long n) throws IOException {
        return exactly(concatenated(dataDir), n);
    }

    /** Exactly {@code n} bytes: a live server may grow or shrink a file between the sizing and the read. */
    private static InputStream exactly(InputStream in, long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int want = (int) Math.min(len, left);
                int got = in.read(b, off, want);
                if (got < 0) { // shrunk: pad with zeros
                    java.util.Arrays.fill(b, off, off + want, (byte) 0);
                    got = want;
                }
                left -= got;
                return got;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private static InputStream lazy(Path p) {
        return new InputStream() {
            InputStream in;

            private InputStream in() throws IOException {
                if (in == null) in = Files.newInputStream(p);
                return in;
            }

            @Override
            public int read() throws IOException {
                return in().read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in().read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (in != null) in.close();
            }
        };
    }
}
