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
 * The annotated string must be an IP address literal of the given family (never a host name: a
 * DHCP server must not depend on DNS to start). {@code null} is valid; use {@code @NotNull} for a
 * required address.
 */
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = IpAddressValidator.class)
public @interface IpAddress {

  AddressFamily value();

  /** Unused: the validator writes a message naming the value and the family required. */
  String message() default "is not an IP address";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
