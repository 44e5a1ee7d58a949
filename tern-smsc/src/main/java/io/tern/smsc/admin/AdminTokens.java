package io.tern.smsc.admin;

import io.tern.smsc.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The admin API's bearer tokens, kept in the data directory's {@code admin-tokens} file (0600), one
 * line per token: its name, the SHA-256 of the token, and when it was made. Only the hash is kept:
 * the token is printed once by {@code tern admin token create}. A token is 32 random bytes, so a
 * plain SHA-256 suffices (a slow hash protects guessable passwords, not random keys). The server
 * reads the file again when it changes, so a token made or deleted while it runs counts at once.
 */
public final class AdminTokens {

    public static final String FILE = "admin-tokens";
    private static final String PREFIX = "tern_admin_";

    private final Path file;
    /** The file's lines as last read, and the modification time they were read at. */
    private volatile List<String[]> entries = List.of();
    private volatile long readAt = Long.MIN_VALUE;

    public AdminTokens(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /**
     * Makes a token called {@code name} (1..32 letters, digits, '.', '_', '-'; it names the actor in
     * the audit log), keeps its hash and returns the token.
     */
    public static String create(Path dataDir, String name, Instant now) throws IOException {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("a token name is 1..32 letters, digits, '.', '_' or '-'");
        }
        PrivateFiles.createDirectory(dataDir);
        Path file = dataDir.resolve(FILE);
        PrivateFiles.createFile(file);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith(name + " ")) {
                throw new IllegalArgumentException("a token named '" + name + "' exists in " + file);
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, name + " " + sha256(token) + " " + now + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        return token;
    }

    /** The name of the token, if it is one of the file's. */
    public Optional<String> verify(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        byte[] digest = sha256(token).getBytes(StandardCharsets.US_ASCII);
        String found = null;
        for (String[] e : current()) {
            // every entry compared in constant time, so the answer's time says nothing
            if (MessageDigest.isEqual(digest, e[1].getBytes(StandardCharsets.US_ASCII))) {
                found = e[0];
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether any token exists (without one the admin API refuses everything). */
    public boolean any() {
        return !current().isEmpty();
    }

    private List<String[]> current() {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            if (modified != readAt) {
                List<String[]> out = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.trim().split(" ");
                    if (parts.length >= 2) {
                        out.add(parts);
                    }
                }
                entries = List.copyOf(out);
                readAt = modified;
            }
        } catch (NoSuchFileException e) {
            entries = List.of();
            readAt = Long.MIN_VALUE;
        } catch (IOException e) {
            // the last good reading stays in force
            return entries;
        }
        return entries;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
