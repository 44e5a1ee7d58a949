package io.tern.smpp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.tern.smpp.codec.SmppDecoder;

/**
 * Builds the pipeline of an SMPP connection, the same on both sides: [TLS] → frame decoder and
 * codec (SMPP 3.4 §3.2), batching encoder → session. The session flushes once per read batch
 * itself, so there is no FlushConsolidationHandler (it cost ~10 % of the server's CPU in read and
 * write events).
 */
final class SessionPipeline {

    private SessionPipeline() {
    }

    static void install(Channel ch, SslContext ssl, String peerHost, int peerPort, SmppSession session) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            p.addLast("tls", peerHost == null ? ssl.newHandler(ch.alloc()) : ssl.newHandler(ch.alloc(), peerHost,
                    peerPort));
        }
        p.addLast("decoder", new SmppDecoder(session.config().maxPduLength()));
        // one buffer per flush, not per PDU (see BatchingPduEncoder)
        p.addLast("encoder", new BatchingPduEncoder());
        p.addLast("session", session.handler());
    }
}
