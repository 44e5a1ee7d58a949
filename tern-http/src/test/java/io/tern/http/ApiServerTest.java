package io.tern.http;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the HTTP API against a {@link TestServer} of its own per test, configured by {@link #config()}. */
abstract class ApiServerTest {

    @TempDir
    Path dir;
    TestServer tern;

    /** The configuration after the test defaults (see {@link TestServer#yaml}), with an {@code http} key. */
    abstract String config();

    @BeforeEach
    void startTern() {
        tern = TestServer.start(dir, config());
    }

    @AfterEach
    void stopTern() {
        tern.close();
    }
}
