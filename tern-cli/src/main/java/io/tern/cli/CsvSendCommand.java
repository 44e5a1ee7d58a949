package io.tern.cli;

import io.vertx.core.json.JsonObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern send --csv FILE --template T --from X}: a campaign through a running Tern's HTTP API
 * (docs/campaigns.md): the upload with a progress bar, then the campaign's progress until it is
 * done (unless {@code --no-wait}), then a summary with the rejected rows saved to a file.
 */
@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Send a campaign from a CSV file (a 'to' column, then the template's columns) through a running Tern.")
final class CsvSendCommand implements Callable<Integer> {

    static final String PASSWORD_ENV = "TERN_PASSWORD";
    static final String API_KEY_ENV = "TERN_API_KEY";

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Tern's HTTP listener (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = {"--account", "--user"}, paramLabel = "SYSTEM_ID",
            description = "Account to send as (--user as for a single message), with its password from --password-file"
                    + " or " + PASSWORD_ENV + "; without it, the API key in " + API_KEY_ENV + " or --api-key-file.")
    String account;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the account's password.")
    Path passwordFile;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "File whose first line is an API key (tern apikey create).")
    Path apiKeyFile;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The recipients: a header line with a 'to' column, one row each.")
    Path csv;

    @Option(names = "--template", required = true, paramLabel = "TEXT", description = "The text, with {{column}} placeholders.")
    String template;

    @Option(names = "--from", required = true, paramLabel = "ADDR", description = "Source address of the messages.")
    String from;

    @Option(names = "--name", paramLabel = "NAME", description = "A label for the campaign.")
    String name;

    @Option(names = "--rate", paramLabel = "N", description = "At most N messages a second (default: no cap but the account's).")
    Integer rate;

    @Option(names = "--start-at", paramLabel = "INSTANT", description = "Send nothing before this ISO-8601 instant, e.g. 2026-12-24T09:00:00Z.")
    String startAt;

    @Option(names = "--window", paramLabel = "HH:MM-HH:MM", description = "Send only in these hours of the recipient's local day.")
    String window;

    @Option(names = "--validity", paramLabel = "DURATION", description = "How long each message may wait for delivery, e.g. 6h.")
    String validity;

    @Option(names = "--receipt", description = "Ask for a delivery receipt per message.")
    boolean receipt;

    @Option(names = "--rejected-file", paramLabel = "FILE", description = "Where to save rejected rows (default: FILE.rejected.csv beside the CSV).")
    Path rejectedFile;

    @Option(names = "--no-wait", description = "Return once the campaign is accepted; do not follow it.")
    boolean noWait;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            converter = io.tern.cli.bench.BenchCommand.DurationConverter.class,
            description = "How often to ask for progress (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment credentials come from; tests replace it. */
    Map<String, String> environment = System.getenv();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        String auth;
        try {
            auth = authorization();
        } catch (IllegalArgumentException e) {
            err.println("tern send: " + e.getMessage());
            return 2;
        }
        if (!Files.isReadable(csv)) {
            err.println("tern send: --csv: cannot read " + csv);
            return 2;
        }
        long size = Files.size(csv);
        JsonObject created;
        try {
            HttpResponse<String> r = upload(auth, size, err);
            if (r.statusCode() != 201) {
                err.println("tern send: campaign refused: " + problem(r));
                return r.statusCode() == 400 || r.statusCode() == 415 ? 2 : 1;
            }
            created = new JsonObject(r.body());
        } catch (ConnectException e) {
            err.println("tern send: cannot connect to " + url + " (is tern serve running with HTTP?)");
            return 1;
        }
        long id = created.getLong("id");
        long total = created.getLong("total");
        out.printf("campaign %d: %d row%s, %d accepted, %d rejected%n", id, total, total == 1 ? "" : "s",
                created.getLong("accepted"), created.getLong("rejected"));
        if (created.getLong("rejected") > 0) {
            Path file = rejectedFile != null ? rejectedFile
                    : csv.resolveSibling(csv.getFileName() + ".rejected.csv");
            HttpResponse<Path> r = http.send(request(auth, "/campaigns/" + id + "/rejected").GET().build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            out.println(r.statusCode() == 200 ? "rejected rows and their reasons: " + file
                    : "rejected rows could not be fetched (HTTP " + r.statusCode() + ")");
        }
        if (noWait) {
            return 0;
        }
        JsonObject s = follow(auth, id, err);
        out.printf("delivered %d, failed %d, expired %d, cancelled %d of %d sent (%s)%n", s.getLong("delivered"),
                s.getLong("failed"), s.getLong("expired"), s.getLong("cancelled"), s.getLong("sent"),
                s.getString("state"));
        JsonObject reasons = s.getJsonObject("failed_by_reason");
        if (reasons != null) {
            for (String reason : reasons.fieldNames()) {
                out.printf("  failed: %d %s%n", reasons.getLong(reason), reason);
            }
        }
        return 0;
    }

    private HttpResponse<String> upload(String auth, long size, PrintStream err) throws IOException, InterruptedException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("from", from);
        q.put("template", template);
        q.put("name", name);
        q.put("rate", rate == null ? null : rate.toString());
        q.put("start_at", startAt);
        q.put("window", window);
        q.put("validity", validity);
        q.put("receipt", receipt ? "true" : null);
        StringBuilder query = new StringBuilder();
        q.forEach((k, v) -> {
            if (v != null) {
                query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        Progress bar = new Progress(err, size);
        HttpRequest req = request(auth, "/campaigns" + query).header("Content-Type", "text/csv")
                .timeout(Duration.ofHours(1))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new Counting(Files.newInputStream(csv), bar);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }), size)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        bar.done(r.statusCode() == 201 ? "stored" : "refused");
        return r;
    }

    /** Asks for the campaign's counts every {@link #interval} and shows them on one line, until it is done. */
    private JsonObject follow(String auth, long id, PrintStream err) throws IOException, InterruptedException {
        while (true) {
            HttpResponse<String> r = http.send(request(auth, "/campaigns/" + id).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("GET /campaigns/" + id + ": " + problem(r));
            }
            JsonObject s = new JsonObject(r.body());
            err.printf("\r%-10s sent %d/%d  delivered %d  failed %d  expired %d  pending %d   ", s.getString("state"),
                    s.getLong("sent"), s.getLong("accepted"), s.getLong("delivered"), s.getLong("failed"),
                    s.getLong("expired"), s.getLong("pending"));
            if (s.getBoolean("done")) {
                err.println();
                return s;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private HttpRequest.Builder request(String auth, String path) {
        return HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/v1" + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", auth);
    }

    /** Basic with --account and its password (file or environment), else Bearer with the API key (file or environment). */
    String authorization() {
        if (account != null) {
            String password = passwordFile != null ? firstLine(passwordFile, "--password-file")
                    : environment.get(PASSWORD_ENV);
            if (password == null) {
                throw new IllegalArgumentException("--account " + account + " needs its password in --password-file"
                        + " or " + PASSWORD_ENV);
            }
            return "Basic " + Base64.getEncoder().encodeToString((account + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
        String key = apiKeyFile != null ? firstLine(apiKeyFile, "--api-key-file") : environment.get(API_KEY_ENV);
        if (key == null) {
            throw new IllegalArgumentException("no credentials: give --account with --password-file or " + PASSWORD_ENV
                    + ", or an API key in " + API_KEY_ENV + " or --api-key-file");
        }
        return "Bearer " + key;
    }

    private static String firstLine(Path file, String option) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String problem(HttpResponse<String> r) {
        try {
            JsonObject p = new JsonObject(r.body());
            return "HTTP " + r.statusCode() + ": " + p.getString("detail", p.getString("title", ""));
        } catch (RuntimeException e) {
            return "HTTP " + r.statusCode();
        }
    }

    /** The upload's progress bar on one line of standard error, redrawn at most 10 times a second. */
    static final class Progress {
        private final PrintStream err;
        private final long size;
        private long sent;
        private long drawn;

        Progress(PrintStream err, long size) {
            this.err = err;
            this.size = Math.max(1, size);
        }

        synchronized void add(long n) {
            sent += n;
            long now = System.nanoTime();
            if (now - drawn > 100_000_000L) {
                drawn = now;
                draw("");
            }
        }

        synchronized void done(String how) {
            draw(how);
            err.println();
        }

        private void draw(String suffix) {
            int pct = (int) Math.min(100, sent * 100 / size);
            int filled = pct / 4;
            err.printf("\rupload [%s%s] %3d%% %,d/%,d bytes %s", "#".repeat(filled), ".".repeat(25 - filled), pct, sent,
                    size, suffix);
        }
    }

    private static final class Counting extends FilterInputStream {
        private final Progress progress;

        Counting(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.add(n);
            }
            return n;
        }
    }
}
