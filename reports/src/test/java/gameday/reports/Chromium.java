package gameday.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gameday.harness.journal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket; no driver, no extra
 * dependency): opens a page, records every network request and every console error or
 * uncaught exception, reads the rendered text and takes screenshots.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of(System.getenv().getOrDefault("GAMEDAY_CHROMIUM", "/usr/bin/chromium"));
    private static final long TIMEOUT_S = 60;

    /** What a page did while it loaded. */
    record Page(List<String> requests, List<String> errors, String text) {}

    private final Process process;
    private WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    private String session;

    /** Fails in CI (CI=true) when Chromium is missing, skips elsewhere. */
    static void require() {
        if (Files.isExecutable(BINARY)) return;
        String why = "Chromium not found at " + BINARY + ": install the Debian package 'chromium' (./gameday test and .ci/run do) or set GAMEDAY_CHROMIUM";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(why);
        Assumptions.abort(why);
    }

    Chromium(Path userDataDir) throws Exception {
        process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + userDataDir,
                "--remote-debugging-port=0", "--window-size=1000,800", "about:blank").redirectErrorStream(true).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.add(line);
                    int i = line.indexOf("DevTools listening on ");
                    if (i >= 0) endpoint.complete(line.substring(i + "DevTools listening on ".length()).trim());
                }
            } catch (IOException ignored) {
                // the process ended
            }
            endpoint.completeExceptionally(new IllegalStateException("chromium exited without a DevTools endpoint: " + log));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ws = connect(endpoint.get(TIMEOUT_S, TimeUnit.SECONDS));
            String target = call("Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
            session = callBrowser("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId").asText();
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
    }

    private WebSocket connect(String url) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder buf = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                    String msg = buf.toString();
                    buf.setLength(0);
                    dispatch(msg);
                }
                w.request(1);
                return null;
            }
        }).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private void dispatch(String msg) {
        try {
            JsonNode n = Json.MAPPER.readTree(msg);
            if (n.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                if (f == null) return;
                if (n.has("error")) f.completeExceptionally(new IllegalStateException("DevTools error: " + n.get("error")));
                else f.complete(n.path("result"));
            } else {
                for (Consumer<JsonNode> l : listeners) l.accept(n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(String method, Map<String, ?> params, String sessionId) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode m = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        m.set("params", Json.MAPPER.valueToTree(params));
        if (sessionId != null) m.put("sessionId", sessionId);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ws.sendText(Json.MAPPER.writeValueAsString(m), true).get(TIMEOUT_S, TimeUnit.SECONDS);
        return f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private JsonNode callBrowser(String method, Map<String, ?> params) throws Exception {
        return send(method, params, null);
    }

    /** A command to the page (after attaching) or to the browser (before). */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        return send(method, params, session);
    }

    /** Opens {@code file}, waits for its load event and records requests and errors until then. */
    Page open(Path file) throws Exception {
        List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        listeners.add(n -> {
            if (!session.equals(n.path("sessionId").asText())) return;
            JsonNode p = n.path("params");
            switch (n.path("method").asText()) {
                case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
                case "Runtime.consoleAPICalled" -> {
                    String type = p.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) errors.add("console." + type + ": " + p.path("args"));
                }
                case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    if (p.path("entry").path("level").asText().equals("error")) errors.add("log: " + p.path("entry").path("text").asText());
                }
                case "Page.loadEventFired" -> loaded.complete(null);
                default -> { }
            }
        });
        for (String domain : List.of("Page", "Network", "Runtime", "Log")) call(domain + ".enable", Map.of());
        call("Page.navigate", Map.of("url", file.toUri().toString()));
        loaded.get(TIMEOUT_S, TimeUnit.SECONDS);
        // a round trip after the load event: every event sent before it has been dispatched
        String text = eval("document.body.innerText").asText();
        return new Page(List.copyOf(requests), List.copyOf(errors), text);
    }

    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException("evaluation failed: " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** The whole page as a PNG, 1000 px wide. */
    void screenshot(Path png) throws Exception {
        int height = eval("Math.ceil(document.documentElement.scrollHeight)").asInt();
        call("Emulation.setDeviceMetricsOverride", Map.of("width", 1000, "height", Math.min(Math.max(height, 600), 16000), "deviceScaleFactor", 1, "mobile", false));
        String data = call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
        Files.write(png, Base64.getDecoder().decode(data));
    }

    void colorScheme(String scheme) throws Exception {
        call("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    @Override
    public void close() throws Exception {
        try {
            if (ws != null) {
                try {
                    callBrowser("Browser.close", Map.of());
                } catch (Exception ignored) {
                    // the browser may close the socket before answering
                }
                ws.abort();
            }
        } finally {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
