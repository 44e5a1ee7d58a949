package io.tern.smsc.sim;

import java.util.Objects;

/**
 * A message a virtual handset sends: from the handset's number {@code source} to {@code destination}
 * (any address: a short code, an ESME's number), routed by Tern's routes like any mobile-originated
 * message.
 */
public record MobileOriginated(String source, String destination, String text) {

    public MobileOriginated {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(text, "text");
        requireAddress("source", source);
        requireAddress("destination", destination);
    }

    private static void requireAddress(String name, String address) {
        // source_addr and destination_addr are C-Octet Strings of at most 21 octets (SMPP 3.4 §5.2.8)
        if (address.isEmpty() || address.length() > 20) {
            throw new IllegalArgumentException(name + " must be 1..20 characters: '" + address + "'");
        }
    }
}
