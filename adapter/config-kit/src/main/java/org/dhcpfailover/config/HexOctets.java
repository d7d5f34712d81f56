package org.dhcpfailover.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The annotated string must be colon-separated hexadecimal octets ({@code 00:01:00:01:2d:24}), the
 * way Kea and most DHCP tools print a DUID, with between {@link #min} and {@link #max} octets.
 * {@code null} is valid.
 */
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = HexOctetsValidator.class)
public @interface HexOctets {

    int min() default 1;

    int max() default Integer.MAX_VALUE;

    String message() default
            "must be {min} to {max} hexadecimal octets separated by colons, e.g. 00:01:00:01:2d:24:bd:00";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
