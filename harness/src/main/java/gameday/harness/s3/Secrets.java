package gameday.harness.s3;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random credentials, fresh for every environment on either substrate: S3 access and secret
 * keys, database passwords, the prefix that makes bucket names on a shared store our own.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code bytes} random bytes as lower-case hex (twice as many characters). */
    public static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
