package dev.herald.ws;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Declines permessage-deflate, which browsers offer and the container would accept: every frame would be
 * compressed again for every subscriber (each connection has its own compression state), which costs far
 * more CPU in a fan-out than it saves on small JSON messages. The container negotiates extensions from
 * the request headers itself, so the offer is hidden from the upgrade.
 */
class UncompressedUpgradeFilter extends OncePerRequestFilter {

    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader(EXTENSIONS) == null) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public String getHeader(String name) {
                        return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
                    }

                    @Override
                    public Enumeration<String> getHeaders(String name) {
                        return EXTENSIONS.equalsIgnoreCase(name)
                                ? Collections.emptyEnumeration()
                                : super.getHeaders(name);
                    }
                },
                response);
    }
}
