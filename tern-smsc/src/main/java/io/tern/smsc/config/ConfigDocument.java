package io.tern.smsc.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The configuration as written (the YAML tree, before validation), with what resolving it needs:
 * the directory relative paths are read against and the environment {@code ${NAME}} comes from.
 * Runtime administration keeps the sections it manages in this form, so that a change is
 * validated by {@link ConfigLoader} exactly as the file is, and exported as text the loader reads
 * back ({@link #toYaml()}). The tree is never modified in place: {@link #with} copies it.
 */
public record ConfigDocument(ObjectNode tree, Path baseDir, Function<String, String> env) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    public ConfigDocument {
        tree = tree.deepCopy();
    }

    /** Reads a configuration file; a problem names the file. */
    public static ConfigDocument load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "cannot read: no such file or directory");
        } catch (AccessDeniedException e) {
            // the JDK's message is the path alone (server.IoReasons words it so too, but config must not use server)
            throw new ConfigException(file.toString(), "cannot read: permission denied");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
        }
        try {
            return parse(text, file.toAbsolutePath().getParent());
        } catch (ConfigException e) {
            if (!e.key().equals(ConfigLoader.WHOLE_FILE)) {
                throw e;
            }
            throw new ConfigException(file.toString(), e.getMessage().substring(e.key().length() + 2));
        }
    }

    /** A configuration from YAML text, with relative paths read against {@code baseDir}. */
    public static ConfigDocument parse(String yaml, Path baseDir) {
        JsonNode root = ConfigLoader.tree(yaml);
        new ConfigNode("", root).get("listeners"); // a top level that is not a mapping: the loader's own message
        ObjectNode tree = root instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        return new ConfigDocument(tree, baseDir, System::getenv);
    }

    /** Validates the whole document; a problem is a {@link ConfigException} naming the key. */
    public TernConfig resolve() {
        return ConfigLoader.fromTree(new ConfigNode("", tree), baseDir, env);
    }

    /** The top-level key's value, or null when absent. */
    public JsonNode get(String key) {
        JsonNode n = tree.get(key);
        return n == null ? null : n.deepCopy();
    }

    /** A copy with {@code key} set to {@code value} (removed when null). */
    public ConfigDocument with(String key, JsonNode value) {
        ObjectNode copy = tree.deepCopy();
        if (value == null) {
            copy.remove(key);
        } else {
            copy.set(key, value.deepCopy());
        }
        return new ConfigDocument(copy, baseDir, env);
    }

    /** The document as YAML that {@link #load} reads back to the same configuration. */
    public String toYaml() {
        return toYaml(tree);
    }

    /** Any tree as YAML, in the style of {@link #toYaml()}. */
    public static String toYaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
