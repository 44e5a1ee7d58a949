package io.tern.smsc.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.OutbindRequest;
import org.jsmpp.session.OutboundSMPPServerSessionListener;
import org.jsmpp.session.SMPPOutboundServerSession;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;

/**
 * A jSMPP ESME that waits for outbind (jSMPP's OutboundSMPPServerSessionListener): it accepts the
 * SMSC's connection, checks the outbind's credentials, binds as receiver with its own, and keeps
 * what it is delivered. One thread; it serves connections one after the other until closed.
 */
final class JsmppOutbindEsme implements AutoCloseable {

    final BlockingQueue<DeliverSm> delivered = new LinkedBlockingQueue<>();
    final BlockingQueue<OutbindRequest> outbinds = new LinkedBlockingQueue<>();
    private final ServerSocket socket;
    private final OutboundSMPPServerSessionListener listener;
    private final Thread thread;
    private volatile boolean closed;

    JsmppOutbindEsme(String systemId, String password) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener = new OutboundSMPPServerSessionListener(0, new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int port) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout) {
                return listen(port);
            }

            @Override
            public ServerConnection listen(int port, int timeout, int backlog) {
                return listen(port);
            }
        });
        listener.setOutboundServerMessageReceiverListener((deliverSm, session) -> delivered.add(deliverSm));
        thread = new Thread(() -> serve(systemId, password), "jsmpp-outbind-esme");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve(String systemId, String password) {
        while (!closed) {
            try {
                SMPPOutboundServerSession session = listener.accept();
                outbinds.add(session.waitForOutbind(10_000));
                session.bind(new BindParameter(BindType.BIND_RX, systemId, password, "", Esme.INTL, Esme.ISDN, null),
                        10_000);
            } catch (Exception e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        socket.close();
    }
}
