package dev.herald.transport.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * A plain NIO channel that reads and drops what the client sent and nobody read before it closes. A socket
 * closed with unread input is reset, not closed, and a reset that reaches the client before it read the answer's
 * end makes it lose that end: it happened to requests whose head was over the limit (answered 400 after reading
 * only the limit's worth), one in twenty when the front door had read the head's start. Bounded, and it never
 * waits: what the client sends after the close still ends in a reset.
 */
final class DrainingNioChannel extends NioChannel {

    /** More unread input than this is a client that keeps sending; it gets the reset. */
    static final int MAX_DRAINED = 256 * 1024;

    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(16 * 1024));

    DrainingNioChannel(SocketBufferHandler buffers) {
        super(buffers);
    }

    @Override
    public void close() throws IOException {
        drain();
        super.close();
    }

    private void drain() {
        if (sc == null || !sc.isOpen() || sc.isBlocking()) {
            return;
        }
        ByteBuffer scratch = SCRATCH.get();
        try {
            for (int drained = 0; drained < MAX_DRAINED; ) {
                scratch.clear();
                int n = sc.read(scratch);
                if (n <= 0) {
                    return;
                }
                drained += n;
            }
        } catch (IOException e) {
            // the peer is gone: nothing left to reset
        }
    }
}
