package org.dhcpfailover.config;

import jakarta.validation.ConstraintValidatorContext;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/** Lets a constraint validator report a message built at run time. */
final class Messages {

    private Messages() {}

    /**
     * Replaces the default message by {@code reason}. The text goes in as a message parameter, not
     * as a template, so that braces or dollar signs in an operator's value are printed as written.
     */
    static void replace(ConstraintValidatorContext context, String reason) {
        context.disableDefaultConstraintViolation();
        context.unwrap(HibernateConstraintValidatorContext.class)
                .addMessageParameter("reason", reason)
                .buildConstraintViolationWithTemplate("{reason}")
                .addConstraintViolation();
    }
}
