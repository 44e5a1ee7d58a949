package io.tern.smpp.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.CommandStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmppTimeTest {

    private static final Instant NOW = Instant.parse("2026-01-31T10:00:00Z");

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // the spec's §7.1.1 example style: local time and offset in quarter hours
        "120410101112300+, 2012-04-10T10:11:12.300+00:00",
        "260101000000000+, 2026-01-01T00:00:00Z",
        "261231235959948+, 2026-12-31T23:59:59.9+12:00",
        "260615120000004-, 2026-06-15T12:00:00-01:00",
        "260615120000022+, 2026-06-15T12:00:00+05:30",
        "280229120000000+, 2028-02-29T12:00:00Z",
        "991231235959948-, 2099-12-31T23:59:59.9-12:00",
    })
    void parsesAbsoluteTimes(String field, String expected) {
        SmppTime t = SmppTime.parseSchedule(field).orElseThrow();
        assertThat(t).isInstanceOf(SmppTime.Absolute.class);
        assertThat(t.resolve(NOW)).isEqualTo(java.time.OffsetDateTime.parse(expected).toInstant());
        assertThat(t.format()).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0} from now is {1}")
    @CsvSource({
        "000000010000000R, 2026-01-31T11:00:00Z",
        "000001000000000R, 2026-02-01T10:00:00Z",
        "000100000000000R, 2026-02-28T10:00:00Z", // one month after Jan 31, clamped
        "010000000000000R, 2027-01-31T10:00:00Z",
        "000000000099000R, 2026-01-31T10:01:39Z",
        "000000480000000R, 2026-02-02T10:00:00Z",
        "000000000000000R, 2026-01-31T10:00:00Z",
    })
    void parsesRelativeTimesAgainstTheGivenNow(String field, String expected) {
        SmppTime t = SmppTime.parseExpiry(field).orElseThrow();
        assertThat(t).isInstanceOf(SmppTime.Relative.class);
        assertThat(t.resolve(NOW)).isEqualTo(Instant.parse(expected));
        assertThat(t.format()).isEqualTo(field);
    }

    @Test
    void ignoresTenthsAndOffsetOfARelativeTimeAsTheSpecSays() {
        SmppTime t = SmppTime.parseExpiry("000000010000512R").orElseThrow();
        assertThat(t).isEqualTo(new SmppTime.Relative(0, 0, 0, 1, 0, 0));
        assertThat(t.format()).isEqualTo("000000010000000R");
    }

    @Test
    void treatsAnEmptyFieldAsNotSet() {
        assertThat(SmppTime.parseSchedule("")).isEmpty();
        assertThat(SmppTime.parseExpiry(null)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]: {1}")
    @CsvSource({
        "26010100000000+,    16 characters",        // 15 long
        "2601010000000000+,  16 characters",        // 17 long
        "2601010000000a0+,   non-digit",
        "26 101000000000+,   non-digit",
        "261301000000000+,   month",
        "260001000000000+,   month",
        "260230000000000+,   day",                  // no 30 February
        "270229000000000+,   day",                  // 2027 is no leap year
        "260100000000000+,   day",
        "260101240000000+,   time of day",
        "260101006000000+,   time of day",
        "260101000060000+,   time of day",
        "260101000000049+,   offset",
        "260101000000099-,   offset",
        "260101000000000X,   last character",
        "'260101000000000 ', last character",
        "260101000000000r,   last character",
        "00000001000000AR,   non-digit",
    })
    void rejectsMalformedTimesWithTheCallersStatus(String field, String reason) {
        assertThatThrownBy(() -> SmppTime.parseSchedule(field))
                .isInstanceOfSatisfying(InvalidSmppTimeException.class, e -> {
                    assertThat(e.commandStatus()).isEqualTo(CommandStatus.ESME_RINVSCHED);
                    assertThat(e.value()).isEqualTo(field);
                })
                .hasMessageContaining(reason);
        assertThatThrownBy(() -> SmppTime.parseExpiry(field))
                .isInstanceOfSatisfying(InvalidSmppTimeException.class,
                        e -> assertThat(e.commandStatus()).isEqualTo(CommandStatus.ESME_RINVEXPIRY));
    }

    @Test
    void formatsAnInstantAtAChosenOffset() {
        Instant t = Instant.parse("2026-03-05T22:30:15.789Z");
        assertThat(SmppTime.formatAbsolute(t, ZoneOffset.UTC)).isEqualTo("260305223015700+");
        assertThat(SmppTime.formatAbsolute(t, ZoneOffset.ofHours(2))).isEqualTo("260306003015708+");
        assertThat(SmppTime.formatAbsolute(t, ZoneOffset.ofHoursMinutes(-3, -30))).isEqualTo("260305190015714-");
        assertThat(SmppTime.parseSchedule("260306003015708+").orElseThrow().resolve(NOW))
                .isEqualTo(Instant.parse("2026-03-05T22:30:15.700Z"));
    }

    @Test
    void refusesOffsetsThatAreNotQuarterHours() {
        assertThatThrownBy(() -> SmppTime.formatAbsolute(NOW, ZoneOffset.ofHoursMinutes(1, 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmppTime.formatAbsolute(NOW, ZoneOffset.ofHours(13)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsRelativeTimesFromComponents() {
        assertThat(new SmppTime.Relative(0, 0, 2, 12, 30, 0).format()).isEqualTo("000002123000000R");
        assertThatThrownBy(() -> new SmppTime.Relative(0, 0, 100, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
