package gameday.harness.drill;

import gameday.harness.GameDayException;
import java.net.URI;

/**
 * Where a drill reads: a CloudNativePG / barman-cloud archive, {@code destinationPath/serverName/{base,wals}}.
 * Credentials are not part of it: they come from the standard AWS chain ({@link SourceAccess}).
 *
 * @param endpoint   the S3 endpoint URL
 * @param bucket     the bucket of the destinationPath
 * @param path       the destinationPath's folder inside the bucket, "" for none
 * @param serverName the barman server name (CNPG: the cluster name, or the one configured)
 */
public record BackupSource(String endpoint, String bucket, String path, String serverName) {
    /** AWS S3 itself, when no endpoint is given. */
    public static final String AWS_ENDPOINT = "https://s3.amazonaws.com";

    public static BackupSource of(String destinationPath, String serverName, String endpoint) {
        if (destinationPath == null || !destinationPath.startsWith("s3://") || destinationPath.length() <= "s3://".length())
            throw new GameDayException("--from '" + destinationPath + "' is not an S3 destinationPath such as s3://bucket/path");
        if (serverName == null || serverName.isBlank() || serverName.contains("/"))
            throw new GameDayException("--server-name is required: the barman server name (CNPG's cluster name, or its serverName)");
        String rest = destinationPath.substring("s3://".length()).replaceAll("/+$", "");
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash), path = slash < 0 ? "" : rest.substring(slash + 1);
        String url = endpoint == null ? AWS_ENDPOINT : endpoint.replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new GameDayException("--endpoint '" + endpoint + "' is not a URL such as https://s3.example.com");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())))
            throw new GameDayException("--endpoint '" + endpoint + "' is not a URL such as https://s3.example.com");
        return new BackupSource(url, bucket, path, serverName);
    }

    public String destinationPath() {
        return "s3://" + bucket + (path.isEmpty() ? "" : "/" + path);
    }

    /** What barman-cloud takes after {@code s3://}: the bucket and the destinationPath's folder. */
    public String barmanBucket() {
        return bucket + (path.isEmpty() ? "" : "/" + path);
    }

    /** The server's folder in the bucket, without a trailing slash. */
    public String serverPath() {
        return (path.isEmpty() ? "" : path + "/") + serverName;
    }

    public String endpointHost() {
        URI u = URI.create(endpoint);
        return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }

    @Override
    public String toString() {
        return destinationPath() + " server " + serverName + " at " + endpointHost();
    }
}
