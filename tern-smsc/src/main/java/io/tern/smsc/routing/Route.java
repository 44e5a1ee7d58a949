package io.tern.smsc.routing;

import java.util.Objects;

/**
 * One routing rule: every condition that is set must match (destination pattern, submitting
 * account, service_type); the first matching rule of the table wins.
 *
 * @param destination null matches any destination
 * @param sourceAccount null matches any account
 * @param serviceType null matches any service_type
 */
public record Route(AddressPattern destination, String sourceAccount, String serviceType, RouteTarget target) {

    public Route {
        Objects.requireNonNull(target, "target");
    }

    public boolean matches(String account, String destinationAddr, String service) {
        return (destination == null || destination.matches(destinationAddr))
                && (sourceAccount == null || sourceAccount.equals(account))
                && (serviceType == null || serviceType.equals(service));
    }
}
