package dev.herald.problem;

import dev.herald.LogText;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the REST API into problem+json with the contract's `code`. Spring's own handler
 * covers the framework's exceptions; the details are rewritten where Spring's text would be vague.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String BAD_QUERY_ENCODING = "the query is not valid percent-encoded UTF-8 (such as %zz, a lone %"
            + " or %FF): encode every byte outside letters and digits as % and two hex digits of its UTF-8 form";

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(Problems.of(e.status(), e.getMessage()));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, detail));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(Problems.of(HttpStatus.BAD_REQUEST, "parameter '" + e.getName() + "' has an invalid value"));
    }

    /** Tomcat decodes the query lazily, when a controller first reads a parameter. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> badQueryEncoding(InvalidParameterException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, BAD_QUERY_ENCODING));
    }

    /**
     * Everything else: a domain exception that declares its answer with {@link ResponseStatus} (such as the
     * broker's {@code BrokerUnavailableException}, 503) gets that status and its message, with its cause in the
     * log; anything undeclared is a 500 that shows nothing of the exception.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(e.getClass(), ResponseStatus.class);
        if (declared != null) {
            // a refusal (503 while Redis is away) can come for every request, thousands a second: one line
            // each, naming the cause; its stack only at DEBUG
            log.warn(
                    "event=api.refused status={} detail={} cause={}",
                    declared.code().value(),
                    LogText.quoted(e.getMessage()),
                    LogText.quoted(e.getCause() == null ? null : e.getCause().toString()));
            log.debug("event=api.refused stack", e);
            return ResponseEntity.status(declared.code()).body(Problems.of(declared.code(), e.getMessage()));
        }
        log.error("event=api.error", e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected server error"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (PayloadTooLargeException.causeOf(ex) != null) {
            HttpStatus tooLarge = HttpStatus.CONTENT_TOO_LARGE;
            return handleExceptionInternal(
                    ex,
                    Problems.of(tooLarge, PayloadTooLargeException.causeOf(ex).getMessage()),
                    headers,
                    tooLarge,
                    request);
        }
        return handleExceptionInternal(
                ex,
                Problems.of(status, "the request body is not valid JSON of the expected shape"),
                headers,
                status,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getAllErrors().stream()
                .map(error -> error instanceof FieldError field
                        ? field.getField() + ": " + field.getDefaultMessage()
                        : error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return handleExceptionInternal(ex, Problems.of(status, detail), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getAllErrors().stream()
                .map(error -> error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return handleExceptionInternal(
                ex, Problems.of(HttpStatus.BAD_REQUEST, detail), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return handleExceptionInternal(
                ex,
                Problems.of(status, "parameter '" + ex.getParameterName() + "' is required"),
                headers,
                status,
                request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Problems.withCode(problem);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
