package io.tern.smsc.routing;

import io.tern.smsc.address.AddressPattern;
import io.tern.smsc.address.SenderRule;
import java.util.List;
import java.util.Objects;

/**
 * One routing rule: every condition that is set must match (destination pattern, source address
 * pattern, submitting account, service_type); the first matching rule of the table wins.
 *
 * @param destination null matches any destination
 * @param source null matches any source address
 * @param sourceAccount null matches any account; a message that came from an upstream connector
 *     (mobile-originated) has no account and matches only rules without one
 * @param serviceType null matches any service_type
 * @param senderRules sender-ID rules applied to the messages this rule routes, after the account's
 *     (the first that applies; empty: none)
 */
public record Route(AddressPattern destination, AddressPattern source, String sourceAccount, String serviceType,
        RouteTarget target, List<SenderRule> senderRules) {

    public Route {
        Objects.requireNonNull(target, "target");
        senderRules = List.copyOf(senderRules);
    }

    /** A rule without sender-ID rules. */
    public Route(AddressPattern destination, AddressPattern source, String sourceAccount, String serviceType,
            RouteTarget target) {
        this(destination, source, sourceAccount, serviceType, target, List.of());
    }

    /** A rule on destination, account and service_type only. */
    public Route(AddressPattern destination, String sourceAccount, String serviceType, RouteTarget target) {
        this(destination, null, sourceAccount, serviceType, target);
    }

    public boolean matches(String account, String sourceAddr, String destinationAddr, String service) {
        return (destination == null || destination.matches(destinationAddr))
                && (source == null || source.matches(sourceAddr))
                && (sourceAccount == null || sourceAccount.equals(account))
                && (serviceType == null || serviceType.equals(service));
    }
}
