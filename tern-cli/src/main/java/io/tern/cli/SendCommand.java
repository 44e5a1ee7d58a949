package io.tern.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern send --to N --text T}: sends a text through a running Tern's HTTP API
 * (docs/http-api.md#command-line) and prints the id of each recipient's message. Credentials come
 * from {@code --api-key-file} / {@code --user} with {@code --password-file}, else the environment
 * ({@code TERN_API_KEY}, or {@code TERN_USER} and {@code TERN_PASSWORD}), else the client file
 * ({@code --client-config}, default {@code ~/.config/tern/client.yaml}: {@code url},
 * {@code api_key}, {@code user}, {@code password}); a secret is never taken from the command line
 * itself, where other users of the machine could read it.
 */
@Command(name = "send", versionProvider = VersionProvider.class,
        description = "Send a text message through a running Tern's HTTP API.")
final class SendCommand implements Callable<Integer> {

    /** Not picocli's own help option: with --csv the help is the campaign command's. */
    @Option(names = {"-h", "--help"}, description = "Show this help message and exit (with --csv FILE: the campaign's).")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--to", split = ",", paramLabel = "NUMBER",
            description = "Recipient (E.164, or national in the account's default_region); repeat or separate with commas.")
    List<String> to;

    @Option(names = "--text", paramLabel = "TEXT", description = "The message text.")
    String text;

    @Option(names = "--csv", paramLabel = "FILE", description = "Send a campaign instead: one message per row of this"
            + " CSV (with --template and the campaign options; see tern send --csv FILE --help).")
    Path csv;

    /** A campaign's own options (--template, --rate, ...), parsed again by {@link CsvSendCommand}. */
    @picocli.CommandLine.Unmatched
    List<String> campaignOptions = new java.util.ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", defaultValue = "Tern", paramLabel = "SENDER",
            description = "Sender: a number or an alphanumeric ID of up to 11 characters (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--receipt", description = "Ask for a delivery receipt.")
    boolean receipt;

    @Option(names = "--schedule-at", paramLabel = "TIME", description = "RFC 3339 time to send at, e.g. 2026-12-24T18:00:00Z.")
    String scheduleAt;

    @Option(names = "--validity", paramLabel = "DURATION", description = "ISO 8601 duration, e.g. PT6H.")
    String validity;

    @Option(names = "--client-ref", paramLabel = "REF", description = "Your own reference, kept with the message.")
    String clientRef;

    @Option(names = "--url", paramLabel = "URL", description = "Tern's HTTP listener (default: the client file's url, else "
            + DEFAULT_URL + ").")
    String url;

    @Option(names = "--user", paramLabel = "SYSTEM_ID", description = "Account for HTTP Basic (password from --password-file,"
            + " TERN_PASSWORD or the client file).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password.")
    Path passwordFile;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "File whose first line is an API key (tern apikey create).")
    Path apiKeyFile;

    @Option(names = "--client-config", paramLabel = "FILE", description = "Client file (YAML: url, api_key, user, password);"
            + " default ~/.config/tern/client.yaml if it exists.")
    Path clientConfig;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM CA certificate to trust for an https URL.")
    Path cacert;

    /** Where environment variables come from (tests replace it). */
    Function<String, String> env = System::getenv;

    @Override
    public Integer call() throws Exception {
        if (csv != null) {
            // a campaign: the same command line, parsed by the campaign command
            picocli.CommandLine campaign = new picocli.CommandLine(new CsvSendCommand());
            campaign.setOut(spec.commandLine().getOut());
            campaign.setErr(spec.commandLine().getErr());
            List<String> args = new java.util.ArrayList<>(spec.commandLine().getParseResult().originalArgs());
            if (!args.isEmpty() && args.get(0).equals(spec.name())) {
                args.remove(0); // the parent's parse result names the subcommand first
            }
            return campaign.execute(args.toArray(new String[0]));
        }
        if (help) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        if (!campaignOptions.isEmpty()) {
            System.err.println("tern send: unknown options " + campaignOptions + " (campaign options need --csv FILE)");
            return 2;
        }
        if (to == null || to.isEmpty() || text == null) {
            System.err.println("tern send: give --to NUMBER and --text TEXT (or --csv FILE --template TEXT for a campaign)");
            return 2;
        }
        String base = firstOf(url, DEFAULT_URL);
        try {
            Map<String, String> file = clientFile();
            base = firstOf(url, file.get("url"), DEFAULT_URL).replaceAll("/+$", "");
            String auth = authorization(file);
            ObjectMapper json = new ObjectMapper();
            ObjectNode body = json.createObjectNode().put("from", from).put("text", text);
            ArrayNode numbers = body.putArray("to");
            to.forEach(numbers::add);
            if (receipt) {
                body.put("receipt", true);
            }
            if (scheduleAt != null) {
                body.put("schedule_at", scheduleAt);
            }
            if (validity != null) {
                body.put("validity", validity);
            }
            if (clientRef != null) {
                body.put("client_ref", clientRef);
            }
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/messages"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
            if (r.statusCode() != 201) {
                System.err.println("tern send: " + r.statusCode() + " " + answer.path("title").asText("")
                        + (answer.has("detail") ? ": " + answer.get("detail").asText() : ""));
                return r.statusCode() == 429 || r.statusCode() == 503 ? 75 : 1;
            }
            for (JsonNode m : answer.path("messages")) {
                System.out.println(m.path("id").asText() + " " + m.path("to").asText() + " " + m.path("parts").asInt()
                        + (m.path("parts").asInt() == 1 ? " part" : " parts"));
            }
            return 0;
        } catch (UsageError e) {
            System.err.println("tern send: " + e.getMessage());
            return 2;
        } catch (ConnectException e) {
            System.err.println("tern send: cannot reach Tern's HTTP API at " + base + ": connection refused (is tern"
                    + " serve running with an http key? --url)");
            return 1;
        } catch (IOException e) {
            System.err.println("tern send: cannot reach Tern's HTTP API at " + base + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** A mistake in how the command was called (exit code 2). */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }

    /** The Authorization header: an API key, else Basic, from the first place that has credentials. */
    String authorization(Map<String, String> file) throws IOException {
        if (apiKeyFile != null) {
            return "Bearer " + firstLine(apiKeyFile, "--api-key-file");
        }
        if (user != null || passwordFile != null) {
            if (user == null) {
                throw new UsageError("--password-file needs --user");
            }
            String password = passwordFile != null ? firstLine(passwordFile, "--password-file")
                    : firstOf(env.apply("TERN_PASSWORD"), file.get("password"));
            if (password == null) {
                throw new UsageError("no password for --user " + user
                        + ": give --password-file, set TERN_PASSWORD, or put it in the client file");
            }
            return basic(user, password);
        }
        if (env.apply("TERN_API_KEY") != null) {
            return "Bearer " + env.apply("TERN_API_KEY");
        }
        if (env.apply("TERN_USER") != null) {
            String password = firstOf(env.apply("TERN_PASSWORD"), file.get("password"));
            if (password == null) {
                throw new UsageError("TERN_USER is set but TERN_PASSWORD is not");
            }
            return basic(env.apply("TERN_USER"), password);
        }
        if (file.get("api_key") != null) {
            return "Bearer " + file.get("api_key");
        }
        if (file.get("user") != null && file.get("password") != null) {
            return basic(file.get("user"), file.get("password"));
        }
        throw new UsageError("no credentials: give --api-key-file or --user with --password-file, set TERN_API_KEY"
                + " (or TERN_USER and TERN_PASSWORD), or write them in ~/.config/tern/client.yaml");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The client file's keys; none if no file was named and the default one does not exist. */
    Map<String, String> clientFile() throws IOException {
        Path f = clientConfig;
        if (f == null) {
            String home = env.apply("HOME");
            Path dflt = home == null ? null : Path.of(home, ".config", "tern", "client.yaml");
            if (dflt == null || !Files.exists(dflt)) {
                return Map.of();
            }
            f = dflt;
        }
        JsonNode node;
        try {
            node = new ObjectMapper(new YAMLFactory()).readTree(f.toFile());
        } catch (IOException e) {
            throw new UsageError("client file " + f + ": " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new UsageError("client file " + f + ": expected keys url, api_key, user, password");
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!List.of("url", "api_key", "user", "password").contains(e.getKey())) {
                throw new UsageError("client file " + f + ": unknown key '" + e.getKey()
                        + "' (keys: url, api_key, user, password)");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private HttpClient client() throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (cacert != null) {
            try (InputStream in = Files.newInputStream(cacert)) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                b.sslContext(ctx);
            } catch (GeneralSecurityException e) {
                throw new UsageError("--cacert " + cacert + ": not a PEM certificate: " + e.getMessage());
            }
        }
        return b.build();
    }

    private static String firstLine(Path file, String option) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new UsageError(option + " " + file + " is empty");
            }
            return lines.get(0).trim();
        } catch (IOException e) {
            throw new UsageError(option + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
