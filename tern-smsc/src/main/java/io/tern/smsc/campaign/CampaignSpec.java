package io.tern.smsc.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What a user asks for when creating a campaign, besides its CSV.
 *
 * @param name optional label
 * @param from the source address of every message
 * @param template the text, with {@code {{column}}} placeholders
 * @param rate most messages a second for this campaign, 0 for no cap of its own (the account's
 *     throughput still applies)
 * @param startAt no message before this instant; null for now
 * @param validity how long each message may wait for delivery, from when its row is sent; null for
 *     the account's default (capped by the account's maximum in any case)
 * @param window hours of the recipient's local day to send in; null for any hour
 * @param receipt whether each message asks for a delivery receipt (registered_delivery 1)
 * @param defaultRegion ISO 3166 region for numbers written without '+' and country code; null: such
 *     numbers are read as international digits
 */
public record CampaignSpec(String name, String from, String template, int rate, Instant startAt, Duration validity,
        SendWindow window, boolean receipt, String defaultRegion) {

    /** Longest campaign name, source address and template accepted. */
    public static final int MAX_NAME = 200;
    public static final int MAX_FROM = 20;
    public static final int MAX_TEMPLATE = 10_000;

    public CampaignSpec {
        if (from == null || from.isBlank()) {
            throw CampaignException.invalid("from: required, the source address of the messages");
        }
        if (from.length() > MAX_FROM) {
            throw CampaignException.invalid("from: longer than " + MAX_FROM + " characters");
        }
        Template.parse(template);
        if (template.length() > MAX_TEMPLATE) {
            throw CampaignException.invalid("template: longer than " + MAX_TEMPLATE + " characters");
        }
        if (name != null && name.length() > MAX_NAME) {
            throw CampaignException.invalid("name: longer than " + MAX_NAME + " characters");
        }
        if (rate < 0) {
            throw CampaignException.invalid("rate: must be 0 (no cap) or more messages a second, not " + rate);
        }
        if (validity != null && (validity.isNegative() || validity.isZero())) {
            throw CampaignException.invalid("validity: must be positive, not " + validity);
        }
        if (defaultRegion != null) {
            defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
            if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions()
                    .contains(defaultRegion)) {
                throw CampaignException.invalid("default_region: '" + defaultRegion + "' is no ISO 3166 region libphonenumber knows");
            }
        }
    }

    /** The smallest spec: send {@code template} from {@code from} at once, at any hour, no cap. */
    public static CampaignSpec of(String from, String template) {
        return new CampaignSpec(null, from, template, 0, null, null, null, false, null);
    }

    public CampaignSpec withRate(int r) {
        return new CampaignSpec(name, from, template, r, startAt, validity, window, receipt, defaultRegion);
    }

    public CampaignSpec withStartAt(Instant t) {
        return new CampaignSpec(name, from, template, rate, t, validity, window, receipt, defaultRegion);
    }

    public CampaignSpec withWindow(SendWindow w) {
        return new CampaignSpec(name, from, template, rate, startAt, validity, w, receipt, defaultRegion);
    }

    public CampaignSpec withReceipt(boolean r) {
        return new CampaignSpec(name, from, template, rate, startAt, validity, window, r, defaultRegion);
    }
}
