package dev.herald.ws;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/** Hands every request on its path to one WebSocket handshake handler, whatever its method. */
final class UpgradeServlet extends HttpServlet {

    private final transient WebSocketHttpRequestHandler upgrades;

    UpgradeServlet(WebSocketHttpRequestHandler upgrades) {
        this.upgrades = upgrades;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        upgrades.handleRequest(request, response);
    }
}
