package io.flafka.dist.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A free TCP port on 127.0.0.1 (free when asked; another process could take it before it is bound). */
public final class FreePorts {
    private FreePorts() {
    }

    public static int pick() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
