package io.tern.smsc.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Reads the {@code cdr} and {@code logging} keys (docs/configuration.md). */
final class RecordsSection {

    private static final long MIB = 1L << 20;

    private RecordsSection() {
    }

    /** Call detail records, or null when the key is absent: none are written. */
    static TernConfig.Cdr cdr(ConfigNode n, Path baseDir) {
        if (n.isMissing()) {
            return null;
        }
        n.allowOnly("path", "max_file_size", "retention", "batch", "interval");
        return new TernConfig.Cdr(baseDir.resolve(n.get("path").string("cdr")),
                n.get("max_file_size").size(100 * MIB, 1024, 1L << 40), days(n.get("retention"), Duration.ofDays(30)),
                n.get("batch").integer(1000, 1, 100_000), ConfigLoader.positive(n.get("interval"), Duration.ofMillis(200)));
    }

    /** Logging, or null when the key is absent: INFO as text on standard error. */
    static TernConfig.Logging logging(ConfigNode n, Path baseDir) {
        if (n.isMissing()) {
            return null;
        }
        n.allowOnly("level", "format", "file", "max_file_size", "max_days");
        String level = n.get("level").string("info").toUpperCase(Locale.ROOT);
        if (!level.matches("TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
            throw new ConfigException(n.get("level").path(),
                    "must be one of trace, debug, info, warn, error, off, was '" + n.get("level").string(null) + "'");
        }
        String file = n.get("file").optionalString();
        if (file != null && file.isBlank()) {
            throw new ConfigException(n.get("file").path(), "must not be empty");
        }
        return new TernConfig.Logging(level, n.get("format").enumValue(TernConfig.Logging.Format.class,
                TernConfig.Logging.Format.TEXT), file == null ? null : baseDir.resolve(file),
                n.get("max_file_size").size(100 * MIB, 1024, 1L << 40), n.get("max_days").integer(14, 1, 3650));
    }

    private static Duration days(ConfigNode n, Duration dflt) {
        Duration d = ConfigLoader.positive(n, dflt);
        if (d.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigException(n.path(), "must be at least 1d (rotated files are dated by day)");
        }
        return d;
    }
}
