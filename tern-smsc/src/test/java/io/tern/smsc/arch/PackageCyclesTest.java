package io.tern.smsc.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.arch.PackageCycles;
import io.tern.smsc.server.Smsc;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the SMSC use each other, not even through others: routing uses account (an
 * account's owned addresses), never the reverse; both use address (patterns, sender-ID rules).
 */
class PackageCyclesTest {

    @Test
    void theSmscsPackagesFormNoCycle() {
        Map<String, Set<String>> uses = PackageCycles.uses(PackageCycles.classesOf(Smsc.class), "io.tern.smsc");

        assertThat(uses).as("the packages jdeps read").containsKeys("io.tern.smsc.account", "io.tern.smsc.routing",
                "io.tern.smsc.store", "io.tern.smsc.delivery", "io.tern.smsc.submit", "io.tern.smsc.config");
        assertThat(uses.get("io.tern.smsc.routing")).contains("io.tern.smsc.account");
        assertThat(PackageCycles.cycles(uses)).isEmpty();
    }
}
