package dev.herald.auth;

import dev.herald.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who sees what under {@code /actuator}: anyone may ask {@code /actuator/health} and gets the status only;
 * every other endpoint (metrics, prometheus, info, the index) needs an API key, and with one health shows
 * its components and details too ({@code management.endpoint.health.show-details: when-authorized} reads
 * the principal this filter sets).
 */
@Component
class ActuatorAccessFilter extends OncePerRequestFilter {

    static final String HEALTH = "/actuator/health";

    private final ApiKeys apiKeys;
    private final JsonMapper json;

    ActuatorAccessFilter(ApiKeys apiKeys, JsonMapper json) {
        this.apiKeys = apiKeys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/actuator") || path.startsWith("/actuator/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = ApiKeys.presentedBy(request);
        if (presented != null && apiKeys.accepts(presented)) {
            chain.doFilter(new Operator(request), response);
            return;
        }
        if (request.getRequestURI().equals(HEALTH) && presented == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(
                HttpHeaders.WWW_AUTHENTICATE, presented == null ? "Bearer" : "Bearer error=\"invalid_token\"");
        Problems.write(
                response,
                json,
                HttpStatus.UNAUTHORIZED,
                presented == null
                        ? "an API key is required (Authorization: Bearer <key> or X-Api-Key); anonymous callers may"
                                + " read " + HEALTH + " only"
                        : "the API key is not valid",
                request.getRequestURI());
    }

    /** A request made with a valid API key: an authenticated principal, for the actuator's own checks. */
    private static final class Operator extends HttpServletRequestWrapper {

        private static final Principal PRINCIPAL = () -> "api-key";

        Operator(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return PRINCIPAL;
        }

        @Override
        public String getRemoteUser() {
            return PRINCIPAL.getName();
        }
    }
}
