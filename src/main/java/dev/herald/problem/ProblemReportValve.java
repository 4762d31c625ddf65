package dev.herald.problem;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own answer to a request it refuses before any servlet runs (a character it rejects in the path
 * or a header, an encoded slash, an invalid Content-Length, headers over
 * {@code server.max-http-request-header-size}): the contract's problem+json instead of Tomcat's HTML error
 * page. Everything Spring answers has written its body before this runs and is left alone.
 */
class ProblemReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);
    static final String REFUSED_DETAIL = "the server refused the request before reading it: a character that is"
            + " not allowed in the path or a header, an encoded slash or backslash in the path, an invalid"
            + " Content-Length, or a request line and headers over the size limit (8 KB by default)";

    private final JsonMapper json;

    ProblemReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own valve: only an error the container raised (sendError) and nobody has answered yet
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        // nothing the client sent goes into the log line or the answer: the request is, by definition, malformed
        log.debug("event=http.refused status={}", status);
        String detail = status == 400 ? REFUSED_DETAIL : "the server could not handle the request";
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("utf-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            Writer writer = response.getReporter(); // null when something was written meanwhile
            if (writer != null) {
                writer.write(json.writeValueAsString(Problems.body(status, detail, null)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            log.debug(
                    "event=http.refused_unanswered status={} error={}",
                    status,
                    e.getClass().getSimpleName());
        }
    }
}
