package dev.herald.transport.tomcat;

import dev.herald.transport.AdoptedSockets;
import java.util.function.Supplier;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO protocol on a {@link FrontDoorEndpoint}. Public with a constructor without arguments,
 * as Tomcat makes the connector's protocol from its class name.
 */
public final class FrontDoorProtocol extends Http11NioProtocol {

    public FrontDoorProtocol() {
        super(new FrontDoorEndpoint());
    }

    /** Where the endpoint finds the front door once the application runs; until then Tomcat serves all. */
    void frontDoor(Supplier<AdoptedSockets> source) {
        ((FrontDoorEndpoint) getEndpoint()).frontDoor(source);
    }
}
