package io.tern.http.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.http.TernServer;
import io.tern.smpp.arch.PackageCycles;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The HTTP module's packages use one another one way only: the listener uses the API, not the reverse. */
class PackageCyclesTest {

    @Test
    void theHttpModulesPackagesFormNoCycle() {
        Map<String, Set<String>> uses = PackageCycles.uses(PackageCycles.classesOf(TernServer.class), "io.tern.http");

        assertThat(uses).as("the packages jdeps read").containsKeys("io.tern.http", "io.tern.http.api");
        assertThat(PackageCycles.cycles(uses)).isEmpty();
    }
}
