package org.dhcpfailover.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.util.Optional;

/** Checks {@link IpAddress} with {@link Addresses}, naming the family that was expected. */
public final class IpAddressValidator implements ConstraintValidator<IpAddress, String> {

    private AddressFamily family;

    @Override
    public void initialize(IpAddress annotation) {
        family = annotation.value();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        Optional<String> problem = Addresses.problem(value, family);
        problem.ifPresent(reason -> Messages.replace(context, reason));
        return problem.isEmpty();
    }
}
