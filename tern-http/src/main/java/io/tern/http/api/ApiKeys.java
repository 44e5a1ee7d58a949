package io.tern.http.api;

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
import java.util.stream.Collectors;

/**
 * API keys (bearer tokens) of the HTTP API, kept in {@value #FILE} in the data directory, one key
 * a line: its id, the account's system_id, the SHA-256 of the token, when it was made and a
 * label. The token itself ({@code tern_ID_SECRET}, 256 random bits) is shown once when it is
 * made ({@code tern apikey create}) and never stored: a copy of the file lets nobody in.
 *
 * <p>The server holds the keys in memory ({@link #systemIdOf} is a map lookup, fit for an event
 * loop) and re-reads the file when it changes ({@link #reloadIfChanged}, on a worker every
 * second), so a key made or revoked by the command takes effect within a second, no restart.
 * XXX: with a shared PostgreSQL store each node has its own data directory and so its own keys;
 * keeping them in the store would share them.
 */
public final class ApiKeys {

    public static final String FILE = "api-keys.tsv";
    private static final String HEADER = "# Tern API keys: id, system_id, sha256(token), created, label. "
            + "Managed by `tern apikey`.\n";
    private static final String PREFIX = "tern_";

    /** One key as stored: never the token. */
    public record Key(String id, String systemId, String sha256, Instant created, String label) {
        @Override
        public String toString() {
            return "Key[" + id + ", " + systemId + ", sha256=****]";
        }
    }

    /** A key just made, and its token (to show once). */
    public record Created(Key key, String token) {
        @Override
        public String toString() {
            return "Created[" + key + ", token=****]";
        }
    }

    private final Path file;
    private volatile Map<String, Key> byId = Map.of();
    private volatile String loadedStamp = "";

    private ApiKeys(Path file) {
        this.file = file;
    }

    /** Reads the keys of {@code dataDir} (none if the file is absent). */
    public static ApiKeys load(Path dataDir) throws IOException {
        ApiKeys k = new ApiKeys(dataDir.resolve(FILE));
        k.reloadIfChanged();
        return k;
    }

    /** The account of {@code token} if it is a current key; constant time in the token's secret. */
    public Optional<String> systemIdOf(String token) {
        String id = idOf(token);
        Key k = id == null ? null : byId.get(id);
        if (k == null) {
            return Optional.empty();
        }
        byte[] expected = HexFormat.of().parseHex(k.sha256());
        return MessageDigest.isEqual(expected, sha256(token)) ? Optional.of(k.systemId()) : Optional.empty();
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
        byId = read(file).stream().collect(Collectors.toUnmodifiableMap(Key::id, Function.identity()));
        loadedStamp = stamp;
    }

    /** Makes a key for {@code systemId} and adds it to the file of {@code dataDir}. */
    public static Created create(Path dataDir, String systemId, String label, Instant now) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String token = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Key key = new Key(id, systemId, HexFormat.of().formatHex(sha256(token)), now,
                label == null ? "" : label.replaceAll("[\\t\\r\\n]", " "));
        Path file = dataDir.resolve(FILE);
        List<Key> keys = new ArrayList<>(read(file));
        keys.add(key);
        write(file, keys);
        return new Created(key, token);
    }

    /** The keys of {@code dataDir}, oldest first. */
    public static List<Key> list(Path dataDir) throws IOException {
        return read(dataDir.resolve(FILE));
    }

    /** Removes key {@code id}; false if there was none. */
    public static boolean revoke(Path dataDir, String id) throws IOException {
        Path file = dataDir.resolve(FILE);
        List<Key> keys = new ArrayList<>(read(file));
        if (!keys.removeIf(k -> k.id().equals(id))) {
            return false;
        }
        write(file, keys);
        return true;
    }

    private static List<Key> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Key> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 5) {
                throw new IOException(file + ": not an API key line: " + line.replaceAll("\t[0-9a-f]{64}\t", "\t****\t"));
            }
            out.add(new Key(f[0], f[1], f[2], Instant.parse(f[3]), f[4]));
        }
        return out;
    }

    /** Writes the whole file anew (0600) and moves it in place, so a reader never sees half of it. */
    private static void write(Path file, List<Key> keys) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER);
        for (Key k : keys) {
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
