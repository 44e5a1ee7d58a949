package io.tern.http.api;

import io.tern.smsc.config.TernConfig.ApiKey;
import io.tern.smsc.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * API keys (bearer tokens) of the HTTP API, from two places (docs/http-api.md, "API keys"):
 * <ul>
 *   <li>the configuration database's {@code api_keys} section, written by the admin API (and the
 *       dashboard and {@code tern admin account api-key}): valid on every node of a cluster, in
 *       force on the node that made the change at once and on the others when they adopt the new
 *       configuration version;</li>
 *   <li>{@value #FILE} in the data directory, written by {@code tern apikey} while the server may be
 *       stopped: valid on that node only. One key a line: its id, the account's system_id, the
 *       SHA-256 of the token, when it was made and a label.</li>
 * </ul>
 * The token itself ({@code tern_ID_SECRET}, 256 random bits) is shown once when it is made and
 * never stored: a copy of the file or of the database lets nobody in.
 *
 * <p>The server holds the keys in memory ({@link #systemIdOf} is a map lookup, fit for an event
 * loop), re-reads the file when it changes ({@link #reloadIfChanged}, on a worker every second),
 * and rebuilds its map of the configuration's keys when the configuration in force changes.
 */
public final class ApiKeys {

    public static final String FILE = "api-keys.tsv";
    private static final String HEADER = "# Tern API keys: id, system_id, sha256(token), created, label. "
            + "Managed by `tern apikey`.\n";
    private static final String PREFIX = "tern_";

    /** A key just made, and its token (to show once). */
    public record Created(ApiKey key, String token) {
        @Override
        public String toString() {
            return "Created[" + key + ", token=****]";
        }
    }

    private final Path file;
    private final Supplier<List<ApiKey>> configured;
    private volatile Map<String, ApiKey> byId = Map.of();
    private volatile String loadedStamp = "";
    /** The configuration's keys by id, and the list they were built from (rebuilt when it changes). */
    private volatile Map<String, ApiKey> configuredById = Map.of();
    private volatile List<ApiKey> configuredFrom = List.of();

    private ApiKeys(Path file, Supplier<List<ApiKey>> configured) {
        this.file = file;
        this.configured = configured;
    }

    /** The keys of {@code dataDir}'s file alone (none if the file is absent). */
    public static ApiKeys load(Path dataDir) throws IOException {
        return load(dataDir, List::of);
    }

    /** The keys of {@code dataDir}'s file and those of the configuration in force, as {@code configured} gives them. */
    public static ApiKeys load(Path dataDir, Supplier<List<ApiKey>> configured) throws IOException {
        ApiKeys k = new ApiKeys(dataDir.resolve(FILE), configured);
        k.reloadIfChanged();
        return k;
    }

    /** The account of {@code token} if it is a current key; constant time in the token's secret. */
    public Optional<String> systemIdOf(String token) {
        String id = idOf(token);
        if (id == null) {
            return Optional.empty();
        }
        ApiKey k = byId.get(id);
        if (k == null) {
            k = configuredById().get(id);
        }
        if (k == null) {
            return Optional.empty();
        }
        byte[] expected = HexFormat.of().parseHex(k.sha256());
        return MessageDigest.isEqual(expected, sha256(token)) ? Optional.of(k.systemId()) : Optional.empty();
    }

    private Map<String, ApiKey> configuredById() {
        List<ApiKey> now = configured.get();
        if (now != configuredFrom) {
            configuredById = now.stream().collect(Collectors.toUnmodifiableMap(ApiKey::id, Function.identity()));
            configuredFrom = now;
        }
        return configuredById;
    }

    /** Re-reads the file if its size or modification time changed; blocking file I/O: not on an event loop. */
    public void reloadIfChanged() throws IOException {
        String stamp;
        try {
            stamp = Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
        } catch (NoSuchFileException e) {
            stamp = "absent";
        }
        if (stamp.equals(loadedStamp)) {
            return;
        }
        byId = read(file).stream().collect(Collectors.toUnmodifiableMap(ApiKey::id, Function.identity()));
        loadedStamp = stamp;
    }

    /** Makes a key for {@code systemId} and adds it to the file of {@code dataDir}. */
    public static Created create(Path dataDir, String systemId, String label, Instant now) throws IOException {
        Created created = make(systemId, label, now);
        Path file = dataDir.resolve(FILE);
        return locked(dataDir, () -> {
            List<ApiKey> keys = new ArrayList<>(read(file));
            keys.add(created.key());
            write(file, keys);
            return created;
        });
    }

    /** Work on the file that no other change of it, in this process or another, may interleave with. */
    @FunctionalInterface
    private interface FileWork<T> {
        T run() throws IOException;
    }

    /** Serialises in-process callers; file locks are per process and cannot. */
    private static final Object IN_PROCESS = new Object();

    /**
     * Runs {@code work} holding the lock of {@code dataDir}'s key file ({@value #FILE}.lock): `tern
     * apikey` and the admin API of a running server may change the file at the same moment, and a
     * read-modify-write of each would otherwise lose one of the two changes.
     */
    private static <T> T locked(Path dataDir, FileWork<T> work) throws IOException {
        synchronized (IN_PROCESS) {
            Path lock = dataDir.resolve(FILE + ".lock");
            PrivateFiles.createFile(lock);
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lock,
                    java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = channel.lock()) {
                return work.run();
            }
        }
    }

    /** Makes a key for {@code systemId}, kept nowhere yet: the caller stores the key and shows the token once. */
    public static Created make(String systemId, String label, Instant now) {
        SecureRandom random = new SecureRandom();
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String token = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey key = new ApiKey(id, systemId, HexFormat.of().formatHex(sha256(token)), now,
                label == null ? "" : label.replaceAll("[\\t\\r\\n]", " "));
        return new Created(key, token);
    }

    /** The keys of {@code dataDir}, oldest first. */
    public static List<ApiKey> list(Path dataDir) throws IOException {
        return read(dataDir.resolve(FILE));
    }

    /** Removes key {@code id}; false if there was none. */
    public static boolean revoke(Path dataDir, String id) throws IOException {
        Path file = dataDir.resolve(FILE);
        return locked(dataDir, () -> {
            List<ApiKey> keys = new ArrayList<>(read(file));
            if (!keys.removeIf(k -> k.id().equals(id))) {
                return false;
            }
            write(file, keys);
            return true;
        });
    }

    private static List<ApiKey> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<ApiKey> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 5) {
                throw new IOException(file + ": not an API key line: " + line.replaceAll("\t[0-9a-f]{64}\t", "\t****\t"));
            }
            out.add(new ApiKey(f[0], f[1], f[2], Instant.parse(f[3]), f[4]));
        }
        return out;
    }

    /** Writes the whole file anew (0600) and moves it in place, so a reader never sees half of it. */
    private static void write(Path file, List<ApiKey> keys) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER);
        for (ApiKey k : keys) {
            sb.append(k.id()).append('\t').append(k.systemId()).append('\t').append(k.sha256()).append('\t')
                    .append(k.created()).append('\t').append(k.label()).append('\n');
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        PrivateFiles.writeString(tmp, sb.toString());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String idOf(String token) {
        if (!token.startsWith(PREFIX)) {
            return null;
        }
        int end = token.indexOf('_', PREFIX.length());
        return end < 0 ? null : token.substring(PREFIX.length(), end);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
