package dev.herald.auth;

import dev.herald.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/** Requires an API key on the REST API, as {@code Authorization: Bearer <key>} or {@code X-Api-Key}. */
@Component
class ApiKeyInterceptor implements HandlerInterceptor {

    private final ApiKeys apiKeys;

    ApiKeyInterceptor(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("OPTIONS".equals(request.getMethod())) {
            return true;
        }
        String presented = ApiKeys.presentedBy(request);
        if (presented == null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED, "an API key is required (Authorization: Bearer <key> or X-Api-Key)");
        }
        if (!apiKeys.accepts(presented)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            throw new ApiException(HttpStatus.UNAUTHORIZED, "the API key is not valid");
        }
        return true;
    }
}
