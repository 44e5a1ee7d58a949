package io.tern.smsc.server;

/**
 * One ESME session bound to this node, as `tern status` and the admin API show it.
 *
 * @param bind {@code transmitter}, {@code receiver} or {@code transceiver}
 * @param remote the ESME's address and port
 * @param interfaceVersion the SMPP version the ESME bound with: {@code 3.4} (3.4 or later) or {@code 3.3}
 * @param addressRange the receiver's address_range (docs/protocol.md), "" when it has none or is a transmitter
 * @param windowInUse requests sent to the ESME (deliver_sm ...) and not yet answered
 */
public record BoundSession(String systemId, String bind, String remote, String interfaceVersion, String addressRange,
        int windowInUse) {

    /** The fields under the names the status file, the admin API and the dashboard's overview use, in order. */
    public java.util.Map<String, Object> fields() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("system_id", systemId);
        m.put("bind", bind);
        m.put("remote", remote);
        m.put("interface_version", interfaceVersion);
        m.put("address_range", addressRange);
        m.put("window_in_use", windowInUse);
        return m;
    }
}
