package dev.herald.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Browser-facing hardening on every answer: no content sniffing, no framing by other sites, no referrer
 * sent on, and a Content-Security-Policy under which the dashboard (scripts, styles and data from its own
 * origin, its WebSocket to the same origin) and Swagger UI work and nothing injected runs. The dashboard's
 * end-to-end test fails on any violation the policy reports.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter extends OncePerRequestFilter {

    /**
     * {@code 'self'} covers the page's own WebSocket ({@code ws:}/{@code wss:} to the same host) in CSP 3;
     * {@code data:} images are the dashboard's icon and Swagger UI's. No {@code 'unsafe-inline'} anywhere.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Swagger UI (a library page, not ours) sets one inline style; scripts stay as strict. */
    static final String SWAGGER_UI_POLICY = CONTENT_SECURITY_POLICY + "; style-src 'self' 'unsafe-inline'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(
                "Content-Security-Policy",
                request.getRequestURI().startsWith("/swagger-ui") ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY);
        chain.doFilter(request, response);
    }

    /** Answers made by /error after the container reset the response get the headers again. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
