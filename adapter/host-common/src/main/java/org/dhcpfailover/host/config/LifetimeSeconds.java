package org.dhcpfailover.host.config;

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

/**
 * A lease lifetime in seconds: at least 1 (a zero lifetime ends the lease at once) and at most
 * 2^32 − 1, the largest value the 32-bit lifetime fields of DHCPv6 (RFC 3315 §22.6) and DHCPv4
 * (RFC 2132 §9.2) can carry; 2^32 − 1 itself means "infinite".
 */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = {})
@Min(1)
@Max(4294967295L)
@ReportAsSingleViolation
public @interface LifetimeSeconds {

  String message() default "must be a lifetime from 1 to 4294967295 seconds";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
