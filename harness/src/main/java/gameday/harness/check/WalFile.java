package gameday.harness.check;

/** Arithmetic on WAL file names ({@code TTTTTTTTLLLLLLLLSSSSSSSS}: timeline, log file, segment, in hex). */
public final class WalFile {
    private WalFile() {}

    /**
     * Position of a segment in the WAL stream, ignoring the timeline: one log file spans 4 GiB of
     * WAL, so it holds 256 segments of 16 MB but 64 of 64 MB.
     *
     * @param segmentSize the server's {@code wal_segment_size} in bytes
     */
    public static long segmentNumber(String walFile, long segmentSize) {
        long log = Long.parseLong(walFile.substring(8, 16), 16), seg = Long.parseLong(walFile.substring(16, 24), 16);
        return log * (0x1_0000_0000L / segmentSize) + seg;
    }
}
