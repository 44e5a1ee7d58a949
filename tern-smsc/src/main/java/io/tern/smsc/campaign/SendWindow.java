package io.tern.smsc.campaign;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * The hours of the recipient's local day in which a campaign may send, e.g. 09:00-20:00; a window
 * whose end is before its start runs over midnight (22:00-06:00). Start inclusive, end exclusive.
 */
public record SendWindow(LocalTime start, LocalTime end) {

    public SendWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw CampaignException.invalid("window: start and end are both " + start + "; leave the window out to send at any hour");
        }
    }

    /** Parses {@code HH:MM-HH:MM}. */
    public static SendWindow parse(String text) {
        String[] p = text.trim().split("\\s*[-\u2013]\\s*");
        if (p.length != 2) {
            throw CampaignException.invalid("window: '" + text + "' is not HH:MM-HH:MM");
        }
        try {
            return new SendWindow(LocalTime.parse(p[0]), LocalTime.parse(p[1]));
        } catch (java.time.format.DateTimeParseException e) {
            throw CampaignException.invalid("window: '" + text + "' is not HH:MM-HH:MM");
        }
    }

    public boolean contains(LocalTime t) {
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    /** Whether it is inside the window at {@code now} in every one of {@code zones}. */
    public boolean allows(Instant now, List<ZoneId> zones) {
        for (ZoneId z : zones) {
            if (!contains(now.atZone(z).toLocalTime())) {
                return false;
            }
        }
        return true;
    }

    /**
     * When the window next opens in all of {@code zones}, at the earliest: the latest of each zone's
     * next opening (the caller checks again then). {@code now} itself when it is open now.
     */
    public Instant nextOpen(Instant now, List<ZoneId> zones) {
        Instant latest = now;
        for (ZoneId z : zones) {
            ZonedDateTime local = now.atZone(z);
            if (contains(local.toLocalTime())) {
                continue;
            }
            LocalDate day = local.toLocalDate();
            ZonedDateTime open = ZonedDateTime.of(day, start, z);
            if (!open.isAfter(local)) {
                open = ZonedDateTime.of(day.plusDays(1), start, z);
            }
            if (open.toInstant().isAfter(latest)) {
                latest = open.toInstant();
            }
        }
        return latest;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
