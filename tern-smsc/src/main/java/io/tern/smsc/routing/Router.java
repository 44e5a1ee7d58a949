package io.tern.smsc.routing;

import io.tern.smsc.account.Account;
import io.tern.smsc.address.AddressPattern;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the target of a message. Addresses owned by an account come first (a message to an
 * ESME's own number goes to that ESME, most specific pattern winning), then the ordered rules of
 * the route table, first match wins. No match means the destination is unknown: ESME_RINVDSTADR.
 * The table can be replaced at run time ({@link #replace}); a message is routed by the table of
 * the moment it is submitted.
 */
public final class Router {

    /** The rules and the owned addresses, replaced together. */
    private record Table(List<Route> routes, List<Account> accounts) {
    }

    private volatile Table table;

    public Router(List<Route> routes, List<Account> accounts) {
        replace(routes, accounts);
    }

    /** Routes every message from now on by these rules and these accounts' owned addresses. */
    public void replace(List<Route> routes, List<Account> accounts) {
        this.table = new Table(List.copyOf(routes), List.copyOf(accounts));
    }

    /** {@link #route(String, String, String, String)} for a message with an empty source address. */
    public Optional<RouteTarget> route(String sourceAccount, String destinationAddr, String serviceType) {
        return route(sourceAccount, "", destinationAddr, serviceType);
    }

    /**
     * @param sourceAccount the submitting account's system_id, or null for a message that came in
     *     from an upstream connector
     */
    public Optional<RouteTarget> route(String sourceAccount, String sourceAddr, String destinationAddr,
            String serviceType) {
        return resolve(sourceAccount, sourceAddr, destinationAddr, serviceType).map(Route::target);
    }

    /**
     * The rule that routes a message: for an address an account owns, a rule of its own with the
     * {@link RouteTarget.Esme} target and no conditions or sender-ID rules; else the first matching
     * rule of the table.
     */
    public Optional<Route> resolve(String sourceAccount, String sourceAddr, String destinationAddr,
            String serviceType) {
        Table t = table;
        Account owner = null;
        int best = -1;
        for (Account a : t.accounts()) {
            for (AddressPattern p : a.addresses()) {
                if (p.matches(destinationAddr) && p.specificity() > best) {
                    owner = a;
                    best = p.specificity();
                }
            }
        }
        if (owner != null) {
            return Optional.of(new Route(null, null, null, null, new RouteTarget.Esme(owner.systemId())));
        }
        for (Route r : t.routes()) {
            if (r.matches(sourceAccount, sourceAddr, destinationAddr, serviceType)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
