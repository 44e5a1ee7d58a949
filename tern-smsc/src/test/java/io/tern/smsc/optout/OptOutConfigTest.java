package io.tern.smsc.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.optout.OptOutConfig.Keyword;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptOutConfigTest {

    @Test
    void defaultKeywordsMatchTrimmedAndInAnyCase() {
        OptOutConfig c = OptOutConfig.DEFAULT;

        assertThat(c.keyword("STOP")).isEqualTo(Keyword.STOP);
        assertThat(c.keyword(" unsubscribe\n")).isEqualTo(Keyword.STOP);
        assertThat(c.keyword("Start")).isEqualTo(Keyword.START);
        assertThat(c.keyword("stop it")).isEqualTo(Keyword.NONE);
        assertThat(c.keyword("")).isEqualTo(Keyword.NONE);
    }

    @Test
    void configuredKeywordsReplaceTheDefaults() {
        OptOutConfig c = new OptOutConfig(List.of("arrêt"), List.of(" Retour "));

        assertThat(c.keyword("ARRÊT")).isEqualTo(Keyword.STOP);
        assertThat(c.keyword("retour")).isEqualTo(Keyword.START);
        assertThat(c.keyword("STOP")).isEqualTo(Keyword.NONE);
    }

    @Test
    void aWordCannotBeBothStopAndStart() {
        assertThatThrownBy(() -> new OptOutConfig(List.of("STOP"), List.of("stop")))
                .hasMessageContaining("'STOP' is both a stop and a start keyword");
    }
}
