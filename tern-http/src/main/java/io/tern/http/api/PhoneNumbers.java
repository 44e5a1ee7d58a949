package io.tern.http.api;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/**
 * Numbers of the HTTP API in E.164 ({@code +447700900123}), read with libphonenumber: an
 * international number as it is, a national one in the account's {@code default_region}. A number
 * that is not valid for its country is refused with libphonenumber's reason.
 */
final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** A number refused, and why (for the problem's detail). */
    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The E.164 form of {@code input}.
     *
     * @param region ISO 3166 region for national numbers, or null to accept international ones only
     */
    static String e164(String input, String region) throws Invalid {
        if (input.isBlank()) {
            throw new Invalid("empty number");
        }
        PhoneNumber n;
        try {
            n = UTIL.parse(input, region == null ? "ZZ" : region);
        } catch (NumberParseException e) {
            throw new Invalid(switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> region == null
                        ? "no country code: write it as +<country code><number>, or set the account's default_region"
                        : "unknown country code";
                case NOT_A_NUMBER -> "not a phone number";
                case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
                case TOO_LONG -> "too long";
            });
        }
        if (!UTIL.isValidNumber(n)) {
            String where = UTIL.getRegionCodeForCountryCode(n.getCountryCode());
            where = "ZZ".equals(where) ? null : where;
            String reason = switch (UTIL.isPossibleNumberWithReason(n)) {
                case TOO_SHORT -> "too short";
                case TOO_LONG -> "too long";
                case INVALID_COUNTRY_CODE -> "unknown country code +" + n.getCountryCode();
                case INVALID_LENGTH -> "a length no number of that country has";
                case IS_POSSIBLE_LOCAL_ONLY -> "too short: a local number without its area code";
                default -> lengthReason(n, where);
            };
            throw new Invalid("not a valid number" + (where == null ? "" : " of " + where.toUpperCase(Locale.ROOT))
                    + " (" + reason + ")");
        }
        return UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    /** For a number of a possible length that is still not valid: shorter or longer than the country's mobiles, or else not in a range. */
    private static String lengthReason(PhoneNumber n, String region) {
        PhoneNumber example = region == null ? null
                : UTIL.getExampleNumberForType(region, PhoneNumberUtil.PhoneNumberType.MOBILE);
        if (example != null) {
            int have = Long.toString(n.getNationalNumber()).length();
            int want = Long.toString(example.getNationalNumber()).length();
            if (have < want) {
                return "too short: " + have + " digits after the country code, a mobile number there has " + want;
            }
            if (have > want) {
                return "too long: " + have + " digits after the country code, a mobile number there has " + want;
            }
        }
        return "not in an assigned number range";
    }
}
