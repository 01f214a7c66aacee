package gameday.harness.drill;

import gameday.harness.GameDayException;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.credentials.AwsConfigProvider;
import io.minio.credentials.AwsEnvironmentProvider;
import io.minio.credentials.ChainedProvider;
import io.minio.credentials.Credentials;
import io.minio.credentials.Provider;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.util.Map;

/**
 * Read access to a {@link BackupSource} with the credentials of the standard AWS chain — the
 * environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}),
 * then the shared credentials file ({@code AWS_SHARED_CREDENTIALS_FILE} or {@code ~/.aws/credentials},
 * profile {@code AWS_PROFILE}) — as barman-cloud and the MinIO client read them. Never from the
 * command line, and never printed. The drill only lists and gets.
 */
public final class SourceAccess {
    private final BackupSource source;
    private final Credentials credentials;
    private final String region;
    private final MinioClient client;

    private SourceAccess(BackupSource source, Credentials credentials, String region) {
        this.source = source;
        this.credentials = credentials;
        this.region = region;
        this.client = MinioClient.builder().endpoint(source.endpoint()).region(region)
                .credentials(credentials.accessKey(), credentials.secretKey()).build();
    }

    public static SourceAccess fromEnvironment(BackupSource source) {
        return of(source, new ChainedProvider(new AwsEnvironmentProvider(), new AwsConfigProvider(null, null)));
    }

    /** With the credentials of {@code provider}: the AWS chain, or a test's own. */
    public static SourceAccess of(BackupSource source, Provider provider) {
        Credentials c;
        try {
            c = provider.fetch();
        } catch (RuntimeException e) {
            c = null;
        }
        if (c == null || c.accessKey() == null || c.accessKey().isEmpty())
            throw new GameDayException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in ~/.aws/credentials "
                    + "(AWS_PROFILE); read-only credentials are enough");
        String region = System.getenv().getOrDefault("AWS_REGION", System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        return new SourceAccess(source, c, region);
    }

    public BackupSource source() {
        return source;
    }

    public MinioClient client() {
        return client;
    }

    /** The credentials as barman-cloud reads them: in a child process's environment only. */
    public void exportTo(Map<String, String> env) {
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretKey());
        if (credentials.sessionToken() != null && !credentials.sessionToken().isEmpty()) env.put("AWS_SESSION_TOKEN", credentials.sessionToken());
        env.put("AWS_DEFAULT_REGION", region);
    }

    /**
     * One listing before anything else, so a wrong key, an unreachable endpoint, a missing bucket, an
     * empty destinationPath or an unknown server name each fail in one line.
     */
    public void probe() {
        String where = source.destinationPath();
        try {
            if (!any(source.path().isEmpty() ? "" : source.path() + "/"))
                throw new GameDayException(where + " is empty: no CloudNativePG backups there (check --from)");
            if (!any(source.serverPath() + "/")) {
                throw new GameDayException("no server '" + source.serverName() + "' under " + where + " (check --server-name; the folders there are "
                        + folders() + ")");
            }
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchBucket".equals(code)) throw new GameDayException("no bucket '" + source.bucket() + "' at " + source.endpointHost() + " (check --from)");
            throw new GameDayException("the object store at " + source.endpointHost() + " rejected the credentials (" + code
                    + "): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE");
        } catch (GameDayException e) {
            throw e;
        } catch (Exception e) {
            throw new GameDayException("the object store at " + source.endpoint() + " is unreachable (" + firstLine(e) + "): check --endpoint");
        }
    }

    private boolean any(String prefix) throws Exception {
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(source.bucket()).prefix(prefix).recursive(true).maxKeys(1).build())) {
            r.get();
            return true;
        }
        return false;
    }

    private String folders() throws Exception {
        StringBuilder b = new StringBuilder();
        String prefix = source.path().isEmpty() ? "" : source.path() + "/";
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(source.bucket()).prefix(prefix).build())) {
            Item i = r.get();
            if (!i.isDir()) continue;
            if (b.length() > 0) b.append(", ");
            b.append(i.objectName().substring(prefix.length()).replaceAll("/$", ""));
        }
        return b.length() == 0 ? "(none)" : b.toString();
    }

    static String firstLine(Throwable e) {
        while (e.getCause() != null && e.getMessage() == null) e = e.getCause();
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
