package io.tern.smsc.store;

import java.util.Objects;

/**
 * A message with where it went upstream, as records (CDRs, exports) show it.
 *
 * @param upstream the connector it was forwarded through, or null
 * @param upstreamId its id at that upstream SMSC, or null
 */
public record MessageRecord(StoredMessage message, String upstream, String upstreamId) {

    public MessageRecord {
        Objects.requireNonNull(message, "message");
    }
}
