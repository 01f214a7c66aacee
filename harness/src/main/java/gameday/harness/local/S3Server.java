package gameday.harness.local;

import gameday.harness.GameDayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import gameday.harness.wait.Wait;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * The in-process S3 API server of the local substrate: S3Proxy over jclouds' filesystem
 * backend, on 127.0.0.1 and a free port, with credentials chosen by the caller.
 */
public final class S3Server implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStore store;

    public S3Server(Path baseDir, String accessKey, String secretKey) throws Exception {
        Files.createDirectories(baseDir);
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", "http://127.0.0.1:0");
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", accessKey);
        props.setProperty("s3proxy.credential", secretKey);
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        // fromProperties does not create the blob store: it must be passed in
        store = BlobStores.create("filesystem", props);
        proxy = S3Proxy.Builder.fromProperties(props).blobStore(store).build();
        proxy.start();
        Wait.forThe("S3 server to start").atMost(java.time.Duration.ofSeconds(30))
                .pollEvery(java.time.Duration.ofMillis(20))
                .until(() -> "STARTED".equals(proxy.getState()) || "FAILED".equals(proxy.getState()));
        if (!"STARTED".equals(proxy.getState())) throw new GameDayException("the in-process S3 server failed to start");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        store.close();
    }
}
