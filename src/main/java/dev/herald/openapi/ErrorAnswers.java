package dev.herald.openapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.HttpStatus;

/**
 * The error answers of a REST operation beyond those every operation has, for its OpenAPI document: each is
 * problem+json. Every operation may answer 400 (a malformed request) and 401 (no or a wrong API key), and
 * one with a body 413 and 415; {@link ProblemResponses} adds those.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ErrorAnswers {

    HttpStatus[] value();
}
