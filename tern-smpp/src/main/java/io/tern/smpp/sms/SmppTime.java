package io.tern.smpp.sms;

import io.tern.smpp.pdu.CommandStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * A value of an SMPP time field, schedule_delivery_time or validity_period (SMPP 3.4 §7.1.1):
 * absolute {@code YYMMDDhhmmsstnnp} with a quarter-hour UTC offset (§7.1.1.1), or relative
 * {@code YYMMDDhhmmss000R}, an amount of time from the SMSC's current time (§7.1.1.2). The
 * empty string means "not set" and parses to {@link Optional#empty()}.
 */
public sealed interface SmppTime permits SmppTime.Absolute, SmppTime.Relative {

    /** Length of a set time field, without the C-Octet String terminator. */
    int LENGTH = 16;

    /** The instant this time denotes, relative times counted from {@code now}. */
    Instant resolve(Instant now);

    /** The 16-character field value. */
    String format();

    /**
     * An absolute time. The offset is a whole number of quarter hours up to 12 hours either way,
     * the year 2000..2099 (YY has no century; Tern reads it as 20YY), and the precision tenths.
     */
    record Absolute(OffsetDateTime time) implements SmppTime {
        public Absolute {
            Objects.requireNonNull(time, "time");
            int offset = time.getOffset().getTotalSeconds();
            if (offset % 900 != 0 || Math.abs(offset) > 48 * 900) {
                throw new IllegalArgumentException("offset not a multiple of 15 minutes within 12 hours: "
                        + time.getOffset());
            }
            if (time.getYear() < 2000 || time.getYear() > 2099) {
                throw new IllegalArgumentException("year outside 2000..2099: " + time.getYear());
            }
            time = time.withNano(time.getNano() / 100_000_000 * 100_000_000);
        }

        /** {@code instant} as seen at {@code offset}, truncated to tenths. */
        public static Absolute of(Instant instant, ZoneOffset offset) {
            return new Absolute(instant.atOffset(offset));
        }

        @Override
        public Instant resolve(Instant now) {
            return time.toInstant();
        }

        /** The instant, independent of any "now". */
        public Instant instant() {
            return time.toInstant();
        }

        @Override
        public String format() {
            char[] c = new char[LENGTH];
            put2(c, 0, time.getYear() % 100);
            put2(c, 2, time.getMonthValue());
            put2(c, 4, time.getDayOfMonth());
            put2(c, 6, time.getHour());
            put2(c, 8, time.getMinute());
            put2(c, 10, time.getSecond());
            c[12] = (char) ('0' + time.getNano() / 100_000_000);
            int quarters = time.getOffset().getTotalSeconds() / 900;
            put2(c, 13, Math.abs(quarters));
            c[15] = quarters < 0 ? '-' : '+';
            return new String(c);
        }
    }

    /**
     * A relative time: years, months, days, hours, minutes and seconds, each 0..99, added to the
     * SMSC's current time in that order on the UTC calendar.
     */
    record Relative(int years, int months, int days, int hours, int minutes, int seconds) implements SmppTime {
        public Relative {
            for (int v : new int[] {years, months, days, hours, minutes, seconds}) {
                if (v < 0 || v > 99) {
                    throw new IllegalArgumentException("relative time fields are 0..99: " + v);
                }
            }
        }

        @Override
        public Instant resolve(Instant now) {
            return now.atOffset(ZoneOffset.UTC)
                    .plusYears(years).plusMonths(months).plusDays(days)
                    .plusHours(hours).plusMinutes(minutes).plusSeconds(seconds)
                    .toInstant();
        }

        @Override
        public String format() {
            char[] c = new char[LENGTH];
            put2(c, 0, years);
            put2(c, 2, months);
            put2(c, 4, days);
            put2(c, 6, hours);
            put2(c, 8, minutes);
            put2(c, 10, seconds);
            c[12] = '0';
            c[13] = '0';
            c[14] = '0';
            c[15] = 'R';
            return new String(c);
        }
    }

    /** Parses schedule_delivery_time; a bad value is rejected with ESME_RINVSCHED. */
    static Optional<SmppTime> parseSchedule(String s) {
        return parse(s, CommandStatus.ESME_RINVSCHED);
    }

    /** Parses validity_period; a bad value is rejected with ESME_RINVEXPIRY. */
    static Optional<SmppTime> parseExpiry(String s) {
        return parse(s, CommandStatus.ESME_RINVEXPIRY);
    }

    /**
     * Parses a time field; {@code null} or empty is "not set".
     *
     * @throws InvalidSmppTimeException carrying {@code onError} if the value is malformed
     */
    static Optional<SmppTime> parse(String s, CommandStatus onError) {
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        if (s.length() != LENGTH) {
            throw new InvalidSmppTimeException(onError, s, "time must be 16 characters");
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new InvalidSmppTimeException(onError, s, "non-digit at position " + i);
            }
        }
        int yy = two(s, 0);
        int mo = two(s, 2);
        int dd = two(s, 4);
        int hh = two(s, 6);
        int mi = two(s, 8);
        int ss = two(s, 10);
        char p = s.charAt(15);
        if (p == 'R') {
            // §7.1.1.2: tenths and offset "are ignored and should be set to '0' and '00'"
            return Optional.of(new Relative(yy, mo, dd, hh, mi, ss));
        }
        if (p != '+' && p != '-') {
            throw new InvalidSmppTimeException(onError, s, "last character must be '+', '-' or 'R'");
        }
        int year = 2000 + yy;
        if (mo < 1 || mo > 12) {
            throw new InvalidSmppTimeException(onError, s, "month outside 01..12");
        }
        if (dd < 1 || dd > YearMonth.of(year, mo).lengthOfMonth()) {
            throw new InvalidSmppTimeException(onError, s, "day outside the month");
        }
        if (hh > 23 || mi > 59 || ss > 59) {
            throw new InvalidSmppTimeException(onError, s, "time of day out of range");
        }
        int nn = two(s, 13);
        if (nn > 48) {
            throw new InvalidSmppTimeException(onError, s, "quarter-hour offset outside 00..48");
        }
        int tenths = s.charAt(12) - '0';
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((p == '-' ? -nn : nn) * 900);
        LocalDateTime local = LocalDateTime.of(year, mo, dd, hh, mi, ss, tenths * 100_000_000);
        return Optional.of(new Absolute(OffsetDateTime.of(local, offset)));
    }

    /** The absolute field value for {@code instant} seen at {@code offset}. */
    static String formatAbsolute(Instant instant, ZoneOffset offset) {
        return Absolute.of(instant, offset).format();
    }

    private static int two(String s, int i) {
        return (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
    }

    private static void put2(char[] c, int i, int v) {
        c[i] = (char) ('0' + v / 10);
        c[i + 1] = (char) ('0' + v % 10);
    }
}
