package org.dhcpfailover.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A TCP or UDP port number, 1 to 65535 (0 means "any port" to the socket API, never what an operator means). */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = {})
@Min(1)
@Max(65535)
@ReportAsSingleViolation
public @interface Port {

  String message() default "must be a port number from 1 to 65535";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
