package org.dhcpfailover.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.util.regex.Pattern;

/** Checks {@link HexOctets}. */
public final class HexOctetsValidator implements ConstraintValidator<HexOctets, String> {

    private static final Pattern OCTETS = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*");

    private int min;
    private int max;

    @Override
    public void initialize(HexOctets annotation) {
        min = annotation.min();
        max = annotation.max();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        if (!OCTETS.matcher(value).matches()) {
            return false;
        }
        int octets = (value.length() + 1) / 3;
        return octets >= min && octets <= max;
    }

    /** The octets of a value this validator accepted. */
    public static byte[] parse(String value) {
        String[] parts = value.split(":");
        byte[] octets = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            octets[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return octets;
    }
}
