package gameday.harness.drill;

import gameday.harness.check.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code pg_checksums --check} said of a stopped data directory, on any substrate. */
public final class PageChecksums {
    public static final String NAME = "page-checksums";

    private PageChecksums() {}

    /**
     * @param out     its output (stdout and stderr) followed by a line {@code exit=<code>}
     * @param dataDir the data directory, left out of the messages
     */
    public static Verdict of(String out, String dataDir) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("enabled", true);
        Matcher scanned = Pattern.compile("Blocks scanned:\\s+(\\d+)").matcher(out), bad = Pattern.compile("Bad checksums:\\s+(\\d+)").matcher(out);
        if (scanned.find()) f.put("blocksScanned", Long.parseLong(scanned.group(1)));
        if (bad.find()) f.put("badChecksums", Long.parseLong(bad.group(1)));
        List<String> problems = new ArrayList<>();
        out.lines().filter(l -> l.contains("checksum verification failed")).limit(5)
                .forEach(l -> problems.add(l.replaceFirst("^pg_checksums: error: ", "").replace(dataDir + "/", "")));
        if (problems.isEmpty() && !out.contains("exit=0")) problems.add("pg_checksums failed: " + out.lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
        return Verdict.of(NAME, f, problems);
    }
}
