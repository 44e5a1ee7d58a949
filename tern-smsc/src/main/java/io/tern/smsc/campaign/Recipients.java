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
            PhoneNumber n = international(s, defaultRegion);
            if (n != null) {
                return UTIL.isValidNumber(n) ? n.getCountryCode() + nationalDigits(n) : null;
            }
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

    /**
     * The number of {@code s} when it is plain international digits ('+' and digits, or digits only
     * with no default region), built without {@link PhoneNumberUtil#parse}, whose pattern matching
     * costs ten times the validity check in a million-row upload; null for anything else, which
     * goes through parse.
     */
    private static PhoneNumber international(String s, String defaultRegion) {
        int from = s.startsWith("+") ? 1 : 0;
        if (from == 0 && defaultRegion != null) {
            return null;
        }
        int len = s.length() - from;
        if (len < 4 || len > 17) {
            return null;
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        // country calling codes are prefix-free (ITU-T E.164): the first of 1, 2, 3 digits that is one is it
        for (int ccLen = 1; ccLen <= 3; ccLen++) {
            int cc = Integer.parseInt(s.substring(from, from + ccLen));
            if (cc != 0 && UTIL.getSupportedCallingCodes().contains(cc)) {
                String national = s.substring(from + ccLen);
                if (national.isEmpty()) {
                    return null;
                }
                PhoneNumber n = new PhoneNumber().setCountryCode(cc).setNationalNumber(Long.parseLong(national));
                int zeros = 0;
                while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
                    zeros++;
                }
                if (zeros > 0) {
                    n.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
                }
                return n;
            }
        }
        return null;
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
