package io.tern.smpp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.tern.smpp.codec.PartialPduBudget;
import io.tern.smpp.codec.SmppDecoder;

/**
 * Builds the pipeline of an SMPP connection, the same on both sides: [TLS] → frame decoder and
 * codec (SMPP 3.4 §3.2), batching encoder → session. The session flushes once per read batch
 * itself, so there is no FlushConsolidationHandler (it cost ~10 % of the server's CPU in read and
 * write events).
 *
 * <p>An SMSC-side connection accepted by a server gets the unbound command_length limit and the
 * server's {@link PartialPduBudget}; an ESME-side one trusts the SMSC it chose to connect to.
 */
final class SessionPipeline {

    private SessionPipeline() {
    }

    static void install(Channel ch, SslContext ssl, String peerHost, int peerPort, SmppSession session) {
        int max = session.config().maxPduLength();
        install(ch, ssl, peerHost, peerPort, session, new SmppDecoder(max));
    }

    static void installAccepted(Channel ch, SslContext ssl, SmppSession session, PartialPduBudget budget) {
        int max = session.config().maxPduLength();
        install(ch, ssl, null, 0, session,
                new SmppDecoder(max, Math.min(max, SmppDecoder.UNBOUND_MAX_LENGTH), budget));
    }

    private static void install(Channel ch, SslContext ssl, String peerHost, int peerPort, SmppSession session,
            SmppDecoder decoder) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            p.addLast("tls", peerHost == null ? ssl.newHandler(ch.alloc()) : ssl.newHandler(ch.alloc(), peerHost,
                    peerPort));
        }
        p.addLast("decoder", decoder);
        // one buffer per flush, not per PDU (see BatchingPduEncoder)
        p.addLast("encoder", new BatchingPduEncoder());
        p.addLast("session", session.handler());
    }
}
