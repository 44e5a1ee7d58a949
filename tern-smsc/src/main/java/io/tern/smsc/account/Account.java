package io.tern.smsc.account;

import io.tern.smpp.pdu.BindType;
import io.tern.smsc.address.AddressPattern;
import io.tern.smsc.address.SenderRule;
import io.tern.smsc.delivery.InteropProfile;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An ESME account: who may bind, how, from where, how fast, with which source addresses, and the
 * addresses it owns (messages to them are delivered to it). Passwords are kept only as bcrypt hashes.
 *
 * @param throughput null for no limit
 * @param sourceAddresses empty allows any source address
 * @param allowedIps empty allows any client address
 * @param certificateSubject when set, a bind must come over TLS with a client certificate whose subject equals it
 * @param dedupeWindow zero disables duplicate-resubmission detection
 * @param http whether the account may use the HTTP API (with its password or an API key)
 * @param defaultRegion ISO 3166 region (e.g. {@code GB}) for numbers the HTTP API gets without a
 *     country code, or null: then only international numbers ({@code +44...}) are accepted
 * @param senderRules sender-ID rules for this account's submissions, the first that applies wins; empty: none
 * @param interop how this ESME is spoken to (receipt ids and text, encodings, TLVs)
 * @param sessions what a bind beyond max_binds does, staleness, outbind
 * @param enabled false: the account is kept (and exported) but binds as if it did not exist
 */
public record Account(String systemId, String passwordHash, Set<BindType> bindTypes, int maxBinds,
        Throughput throughput, List<AddressPattern> sourceAddresses, List<CidrRange> allowedIps, boolean requireTls,
        String certificateSubject, List<AddressPattern> addresses, Duration defaultValidity, Duration maxValidity,
        Duration dedupeWindow, boolean http, String defaultRegion, List<SenderRule> senderRules,
        InteropProfile interop, SessionPolicy sessions, boolean enabled) {

    /**
     * An enabled account allowed on the HTTP API, with no default region, no sender-ID rules, the
     * default interop profile and the default {@link SessionPolicy}.
     */
    public Account(String systemId, String passwordHash, Set<BindType> bindTypes, int maxBinds,
            Throughput throughput, List<AddressPattern> sourceAddresses, List<CidrRange> allowedIps, boolean requireTls,
            String certificateSubject, List<AddressPattern> addresses, Duration defaultValidity, Duration maxValidity,
            Duration dedupeWindow) {
        this(systemId, passwordHash, bindTypes, maxBinds, throughput, sourceAddresses, allowedIps, requireTls,
                certificateSubject, addresses, defaultValidity, maxValidity, dedupeWindow, true, null, List.of(),
                InteropProfile.DEFAULT);
    }

    /** An enabled account with the default {@link SessionPolicy}: binds beyond max_binds refused, no outbind. */
    public Account(String systemId, String passwordHash, Set<BindType> bindTypes, int maxBinds,
            Throughput throughput, List<AddressPattern> sourceAddresses, List<CidrRange> allowedIps, boolean requireTls,
            String certificateSubject, List<AddressPattern> addresses, Duration defaultValidity, Duration maxValidity,
            Duration dedupeWindow, boolean http, String defaultRegion, List<SenderRule> senderRules,
            InteropProfile interop) {
        this(systemId, passwordHash, bindTypes, maxBinds, throughput, sourceAddresses, allowedIps, requireTls,
                certificateSubject, addresses, defaultValidity, maxValidity, dedupeWindow, http, defaultRegion,
                senderRules, interop, SessionPolicy.DEFAULT, true);
    }

    /** An enabled account. */
    public Account(String systemId, String passwordHash, Set<BindType> bindTypes, int maxBinds,
            Throughput throughput, List<AddressPattern> sourceAddresses, List<CidrRange> allowedIps, boolean requireTls,
            String certificateSubject, List<AddressPattern> addresses, Duration defaultValidity, Duration maxValidity,
            Duration dedupeWindow, boolean http, String defaultRegion, List<SenderRule> senderRules,
            InteropProfile interop, SessionPolicy sessions) {
        this(systemId, passwordHash, bindTypes, maxBinds, throughput, sourceAddresses, allowedIps, requireTls,
                certificateSubject, addresses, defaultValidity, maxValidity, dedupeWindow, http, defaultRegion,
                senderRules, interop, sessions, true);
    }

    /** An account with the default {@link SessionPolicy}. */
    public Account(String systemId, String passwordHash, Set<BindType> bindTypes, int maxBinds,
            Throughput throughput, List<AddressPattern> sourceAddresses, List<CidrRange> allowedIps, boolean requireTls,
            String certificateSubject, List<AddressPattern> addresses, Duration defaultValidity, Duration maxValidity,
            Duration dedupeWindow, boolean http, String defaultRegion, List<SenderRule> senderRules,
            InteropProfile interop, boolean enabled) {
        this(systemId, passwordHash, bindTypes, maxBinds, throughput, sourceAddresses, allowedIps, requireTls,
                certificateSubject, addresses, defaultValidity, maxValidity, dedupeWindow, http, defaultRegion,
                senderRules, interop, SessionPolicy.DEFAULT, enabled);
    }

    public Account {
        Objects.requireNonNull(systemId, "systemId");
        if (systemId.isEmpty() || systemId.length() > 15) {
            throw new IllegalArgumentException("system_id must be 1..15 characters");
        }
        Objects.requireNonNull(passwordHash, "passwordHash");
        bindTypes = Set.copyOf(bindTypes);
        if (maxBinds < 1) {
            throw new IllegalArgumentException("maxBinds must be at least 1");
        }
        sourceAddresses = List.copyOf(sourceAddresses);
        allowedIps = List.copyOf(allowedIps);
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(defaultValidity, "defaultValidity");
        Objects.requireNonNull(maxValidity, "maxValidity");
        if (defaultValidity.compareTo(maxValidity) > 0) {
            throw new IllegalArgumentException("defaultValidity exceeds maxValidity");
        }
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        if (defaultRegion != null && !defaultRegion.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("defaultRegion must be two capital letters (ISO 3166): " + defaultRegion);
        }
        senderRules = List.copyOf(senderRules);
        Objects.requireNonNull(interop, "interop");
        Objects.requireNonNull(sessions, "sessions");
    }

    public boolean allowsSource(String address) {
        if (sourceAddresses.isEmpty()) {
            return true;
        }
        for (AddressPattern p : sourceAddresses) {
            if (p.matches(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsIp(java.net.InetAddress ip) {
        if (allowedIps.isEmpty()) {
            return true;
        }
        for (CidrRange r : allowedIps) {
            if (r.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Account[" + systemId + ", password=****, binds=" + bindTypes + " x" + maxBinds + "]";
    }
}
