package io.tern.smpp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.smpp.codec.PduCodec;
import io.tern.smpp.pdu.Pdu;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A blocking socket that speaks raw bytes and PDUs, for feeding a live server bad input. */
final class RawSmppSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    RawSmppSocket(int port) throws IOException {
        this("127.0.0.1", port);
    }

    /** Connects to 127.0.0.1 from {@code localAddress}, any loopback address (127.0.0.2, ...). */
    RawSmppSocket(String localAddress, int port) throws IOException {
        socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port,
                java.net.InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(Pdu pdu) throws IOException {
        send(encode(pdu));
    }

    static byte[] encode(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer();
        PduCodec.encode(pdu, buf);
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return b;
    }

    /** The next PDU, or {@code null} if the server closed the connection. */
    Pdu read() throws Exception {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        byte[] frame = new byte[length];
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        in.readFully(frame, 4, length - 4);
        return PduCodec.decode(Unpooled.wrappedBuffer(frame));
    }

    /** True when the server closes the connection (EOF or reset) before the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
