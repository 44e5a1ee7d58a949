package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.config.TernConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code logging} key: read from YAML, applied to logback, producing JSON lines or text in a rotating file. */
class LoggingSetupTest {

    @TempDir
    Path dir;

    final Logger log = LoggerFactory.getLogger("io.tern.test.LoggingSetupTest");

    @AfterEach
    void restoreTheTestConfiguration() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    TernConfig.Logging logging(String yaml) {
        return ConfigLoader.parse(yaml, dir).logging();
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLineToTheFile() throws Exception {
        TernConfig.Logging config = logging("logging: {level: debug, format: json, file: logs/tern.log}");
        assertThat(config.file()).isEqualTo(dir.resolve("logs/tern.log"));

        LoggingSetup.apply(config);
        log.debug("bound system_id={} from {}", "alice", "127.0.0.1");
        log.info("a \"quoted\" line\nwith a break");
        log.trace("below the level");

        List<String> lines = Files.readAllLines(dir.resolve("logs/tern.log"));
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("DEBUG");
        assertThat(first.get("loggerName").asText()).isEqualTo("io.tern.test.LoggingSetupTest");
        assertThat(first.get("formattedMessage").asText()).isEqualTo("bound system_id=alice from 127.0.0.1");
        assertThat(json.readTree(lines.get(1)).get("formattedMessage").asText())
                .isEqualTo("a \"quoted\" line\nwith a break");
    }

    @Test
    void textFormatAtWarnLeavesOutInfo() throws Exception {
        LoggingSetup.apply(logging("logging: {level: warn, file: tern.log}"));
        log.info("not this");
        log.warn("this");

        List<String> lines = Files.readAllLines(dir.resolve("tern.log"));
        assertThat(lines).singleElement().asString().contains("WARN").endsWith("LoggingSetupTest - this");
    }

    @Test
    void aFullFileIsRotatedAndCompressed() {
        LoggingSetup.apply(logging("logging: {file: tern.log, max_file_size: 1KiB}"));
        String filler = "x".repeat(200);

        // logback checks the size at most every few events and milliseconds: log until it has rotated
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < 50 && System.nanoTime() < deadline; i++) {
                log.info(filler);
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.anyMatch(p -> p.getFileName().toString().matches("tern\\.log\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.gz"));
            }
        });
        // logback renames and compresses on threads of its own: stop it and let them finish, or the
        // temporary directory may be removed while a compression still writes into it
        ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Stream<Path> files = Files.list(dir)) {
                return files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
            }
        });
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> logging("logging: {level: loud}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.level").hasMessageContaining("loud");
        assertThatThrownBy(() -> logging("logging: {format: xml}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.format");
        assertThatThrownBy(() -> logging("logging: {max_days: 0}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.max_days");
        assertThatThrownBy(() -> logging("logging: {colour: true}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.colour");
    }

    @Test
    void withoutTheKeyNothingChanges() {
        assertThat(logging("accounts: []")).isNull();
    }
}
