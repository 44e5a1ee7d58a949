package io.tern.smsc.campaign;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recipient's number read with libphonenumber: normalised to E.164 (kept as its digits without
 * '+', as SMPP addresses with TON international carry it) and the time zones it may be in.
 */
final class Recipients {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper ZONES = PhoneNumberToTimeZonesMapper.getInstance();
    private static final List<ZoneId> UTC = List.of(ZoneOffset.UTC);
    private static final Map<List<String>, List<ZoneId>> ZONE_IDS = new ConcurrentHashMap<>();

    private Recipients() {
    }

    /**
     * The E.164 digits of {@code raw}, or null if it is not a valid number. A number without '+'
     * is read in {@code defaultRegion} (ISO 3166 code) when one is given, else as international
     * digits (country code first), the form SMPP addresses usually have.
     */
    static String normalise(String raw, String defaultRegion) {
        String s = raw.trim();
        if (s.isEmpty() || s.length() > 32) {
            return null;
        }
        try {
            PhoneNumber n;
            if (s.startsWith("+") || defaultRegion == null) {
                n = UTIL.parse(s.startsWith("+") ? s : "+" + s, "ZZ");
            } else {
                n = UTIL.parse(s, defaultRegion);
            }
            if (!UTIL.isValidNumber(n)) {
                return null;
            }
            return n.getCountryCode() + nationalDigits(n);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String nationalDigits(PhoneNumber n) {
        String national = Long.toString(n.getNationalNumber());
        if (n.hasNumberOfLeadingZeros() && n.isItalianLeadingZero()) {
            return "0".repeat(Math.max(1, n.getNumberOfLeadingZeros())) + national;
        }
        return national;
    }

    /**
     * The time zones the E.164 number {@code digits} may be in; UTC when libphonenumber cannot
     * tell (then a send window is read in UTC).
     */
    static List<ZoneId> zones(String digits) {
        List<String> names;
        try {
            names = ZONES.getTimeZonesForNumber(UTIL.parse("+" + digits, "ZZ"));
        } catch (NumberParseException e) {
            return UTC;
        }
        return ZONE_IDS.computeIfAbsent(names, Recipients::zoneIds);
    }

    private static List<ZoneId> zoneIds(List<String> names) {
        List<ZoneId> out = new ArrayList<>();
        for (String name : names) {
            if (name.equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone())) {
                continue;
            }
            try {
                out.add(ZoneId.of(name));
            } catch (java.time.DateTimeException e) {
                // a zone this JDK does not know: the others still apply
            }
        }
        return out.isEmpty() ? UTC : List.copyOf(out);
    }
}
