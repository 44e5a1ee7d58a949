package io.tern.smpp.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Pdu;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No two packages of the SMPP library use each other, not even through a third (e.g. tlv and pdu). */
class PackageCyclesTest {

    @Test
    void theSmppLibrarysPackagesFormNoCycle() {
        Map<String, Set<String>> uses = PackageCycles.uses(PackageCycles.classesOf(Pdu.class), "io.tern.smpp");

        assertThat(uses).as("the packages jdeps read").containsKeys("io.tern.smpp.pdu", "io.tern.smpp.tlv",
                "io.tern.smpp.codec", "io.tern.smpp.session");
        assertThat(uses.get("io.tern.smpp.pdu")).as("pdu uses tlv, so tlv must not use pdu")
                .contains("io.tern.smpp.tlv");
        assertThat(PackageCycles.cycles(uses)).isEmpty();
    }

    @Test
    void aCycleThroughAThirdPackageIsFoundAndNamed() {
        Map<String, Set<String>> uses = Map.of(
                "a", Set.of("b"),
                "b", Set.of("c"),
                "c", Set.of("a", "d"),
                "d", Set.of(),
                "e", Set.of("a"));

        assertThat(PackageCycles.cycles(uses)).containsExactly("a -> b, b -> c, c -> a");
    }
}
