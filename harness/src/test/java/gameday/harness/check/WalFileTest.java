package gameday.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WalFileTest {
    private static final long MB16 = 16L << 20, MB64 = 64L << 20;

    @Test
    void sixteenMegabyteSegmentsHold256PerLogFile() {
        assertEquals(5, WalFile.segmentNumber("000000010000000000000005", MB16));
        assertEquals(0xFF, WalFile.segmentNumber("0000000100000000000000FF", MB16));
        // the next segment after ...000000FF opens log file 1
        assertEquals(WalFile.segmentNumber("0000000100000000000000FF", MB16) + 1, WalFile.segmentNumber("000000010000000100000000", MB16));
        assertEquals(2 * 256 + 3, WalFile.segmentNumber("000000010000000200000003", MB16));
    }

    @Test
    void sixtyFourMegabyteSegmentsHold64PerLogFile() {
        assertEquals(63, WalFile.segmentNumber("00000001000000000000003F", MB64));
        assertEquals(64, WalFile.segmentNumber("000000010000000100000000", MB64));
        assertEquals(2 * 64 + 3, WalFile.segmentNumber("000000010000000200000003", MB64));
    }

    @Test
    void theTimelineDoesNotMove() {
        assertEquals(WalFile.segmentNumber("000000010000000100000002", MB16), WalFile.segmentNumber("000000030000000100000002", MB16));
    }
}
