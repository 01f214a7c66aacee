package gameday.harness.local;

import gameday.harness.GameDayException;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import java.net.InetAddress;
import java.net.URI;

/**
 * An S3 endpoint given by the user instead of the in-process server (a MinIO on this machine,
 * or real cloud storage). The harness creates its own buckets there, named after the run, and
 * deletes only those. A non-loopback endpoint needs an explicit opt-in: game days delete things.
 * Credentials come from the environment, never from the command line (which others can read).
 */
public record S3Target(String url, String accessKey, String secretKey) {
    public static final String ACCESS_KEY_ENV = "GAMEDAY_S3_ACCESS_KEY", SECRET_KEY_ENV = "GAMEDAY_S3_SECRET_KEY";

    @Override
    public String toString() {
        return "S3Target[" + url + "]"; // never the keys
    }

    public static S3Target of(String url, boolean allowRemote) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new GameDayException("--s3-endpoint '" + url + "' is not a URL such as http://127.0.0.1:9000");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())))
            throw new GameDayException("--s3-endpoint '" + url + "' is not a URL such as http://127.0.0.1:9000");
        if (!allowRemote && !isLoopback(uri.getHost()))
            throw new GameDayException("refusing to use the object store at " + url + ": it is not on this machine, and a game day creates and "
                    + "deletes buckets there; pass --allow-remote-s3 to allow it");
        String access = System.getenv(ACCESS_KEY_ENV), secret = System.getenv(SECRET_KEY_ENV);
        if (access == null || secret == null)
            throw new GameDayException("--s3-endpoint needs the credentials in " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV);
        return new S3Target(url, access, secret);
    }

    /** Decided from the name alone: no lookup, so no traffic leaves before the opt-in. */
    static boolean isLoopback(String host) {
        if (host.equals("localhost")) return true;
        if (!host.matches("[0-9.]+") && !host.contains(":")) return false;
        try {
            return InetAddress.getByName(host.replaceAll("^\\[|]$", "")).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    /** One call before anything is built, so a wrong endpoint or key fails in one line, not half-way. */
    public void check() {
        probe(MinioClient.builder().endpoint(url).region("us-east-1").credentials(accessKey, secretKey).build());
    }

    void probe(MinioClient client) {
        try {
            client.listBuckets();
        } catch (ErrorResponseException e) {
            throw new GameDayException("the object store at " + url + " rejected the credentials (" + e.errorResponse().code()
                    + "): check " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV);
        } catch (Exception e) {
            throw new GameDayException("the object store at " + url + " is unreachable (" + firstLine(e) + "): check --s3-endpoint");
        }
    }

    private static String firstLine(Throwable e) {
        while (e.getCause() != null && e.getMessage() == null) e = e.getCause();
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
