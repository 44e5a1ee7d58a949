package io.tern.smpp.session;

/**
 * What the peers of one {@link SmppServer} may take from it, whoever they are: connections,
 * memory for PDUs received in part, and memory for responses they do not read. The per-session
 * limits (window, command_length) are in {@link SessionConfig}; these hold across sessions, and
 * before any bind, where no account limit applies yet.
 *
 * @param maxConnections accepted connections open at once, over all listeners; one more is closed
 *     as soon as it is accepted (1..1,000,000)
 * @param maxConnectionsPerIp accepted connections open at once from one client address
 *     (1..maxConnections)
 * @param partialPduBudget octets that PDUs received in part may hold, summed over every
 *     connection; a connection whose partial PDU would go beyond it is closed (at least 64 KiB)
 * @param writeBufferLowWaterMark when the responses waiting to be written to a peer fall to this
 *     many octets, its session reads again
 * @param writeBufferHighWaterMark when the responses waiting to be written to a peer exceed this
 *     many octets (it does not read them), its session stops reading its requests
 */
public record ServerLimits(int maxConnections, int maxConnectionsPerIp, long partialPduBudget,
        int writeBufferLowWaterMark, int writeBufferHighWaterMark) {

    /** 10,000 connections, 200 per address, 64 MiB of partial PDUs, reading paused above 64 KiB unread. */
    public static final ServerLimits DEFAULTS = new ServerLimits(10_000, 200, 64L << 20, 32 << 10, 64 << 10);

    public ServerLimits {
        if (maxConnections < 1 || maxConnections > 1_000_000) {
            throw new IllegalArgumentException("maxConnections must be in 1..1000000, was " + maxConnections);
        }
        if (maxConnectionsPerIp < 1 || maxConnectionsPerIp > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerIp must be in 1.." + maxConnections + ", was "
                    + maxConnectionsPerIp);
        }
        if (partialPduBudget < 64 << 10) {
            throw new IllegalArgumentException("partialPduBudget must be at least 65536, was " + partialPduBudget);
        }
        if (writeBufferLowWaterMark < 1 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("write buffer water marks must be 1 <= low <= high, were "
                    + writeBufferLowWaterMark + " and " + writeBufferHighWaterMark);
        }
    }

    public ServerLimits withConnections(int total, int perIp) {
        return new ServerLimits(total, perIp, partialPduBudget, writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    public ServerLimits withPartialPduBudget(long octets) {
        return new ServerLimits(maxConnections, maxConnectionsPerIp, octets, writeBufferLowWaterMark,
                writeBufferHighWaterMark);
    }

    public ServerLimits withWriteBufferWaterMarks(int low, int high) {
        return new ServerLimits(maxConnections, maxConnectionsPerIp, partialPduBudget, low, high);
    }
}
