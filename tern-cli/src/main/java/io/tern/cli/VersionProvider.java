package io.tern.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code tern --version} and every subcommand's {@code --version} print: Tern's version, from a
 * resource the build writes (so it is right from the jar, the tarball, the package and the IDE
 * alike), and the Java runtime it runs on.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {

    static final String RESOURCE = "version.properties";

    /** Tern's version as the build wrote it, e.g. {@code 0.1.0}. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            // an unfiltered resource (a build that skipped resource processing) must not print a placeholder
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"tern " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
