package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Environment;
import gameday.harness.junit.GameDay;
import io.minio.ListObjectsArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Archiving and base backups land in CloudNativePG's bucket layout: s3://bucket/<serverName>/{base,wals}/… */
@GameDay
class BucketLayoutTest {
    @Test
    void walAndBaseBackupsUseTheCnpgLayout(Environment env) throws Exception {
        String server = env.primary().serverName();
        long before = backupInfos(env, server).size(); // a clone of the golden steady state starts with its base backup
        String backup = env.primary().backup(Duration.ofMinutes(5));
        String segment = env.primary().switchWalAndAwaitArchived(Duration.ofSeconds(60));
        List<String> keys = keys(env);
        assertEquals(before + 1, backupInfos(env, server).size(), "one more base backup under base/: " + keys);
        // barman groups segments by their first 16 hex digits: wals/<timeline+log>/<segment>
        assertTrue(keys.stream().anyMatch(k -> k.equals(server + "/wals/" + segment.substring(0, 16) + "/" + segment)), segment + " in " + keys);
        assertTrue(backup.startsWith("backup-"), backup);
    }

    private static List<String> keys(Environment env) throws Exception {
        List<String> keys = new ArrayList<>();
        for (var r : env.objectStore().client().listObjects(ListObjectsArgs.builder().bucket(env.objectStore().backupBucket()).recursive(true).build()))
            keys.add(r.get().objectName());
        return keys;
    }

    private static List<String> backupInfos(Environment env, String server) throws Exception {
        return keys(env).stream().filter(k -> k.startsWith(server + "/base/") && k.endsWith("/backup.info")).toList();
    }
}
