package io.tern.smsc.store;

import java.util.Objects;

/** Where a forwarded message went: the connector's name and the message's id at that upstream SMSC. */
public record UpstreamLink(String upstream, String upstreamId) {

    public UpstreamLink {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(upstreamId, "upstreamId");
    }
}
