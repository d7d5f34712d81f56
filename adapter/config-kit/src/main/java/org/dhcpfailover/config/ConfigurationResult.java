package org.dhcpfailover.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Either a valid, immutable configuration or the complete list of problems, never both: nothing
 * may start on an invalid configuration (design note "nothing starts half-configured").
 *
 * @param <T> the validated configuration type
 */
public sealed interface ConfigurationResult<T> {

    /** A valid configuration. */
    static <T> ConfigurationResult<T> valid(T value) {
        return new Valid<>(value);
    }

    /** An invalid configuration; {@code errors} must not be empty. */
    static <T> ConfigurationResult<T> invalid(List<ConfigurationError> errors) {
        return new Invalid<>(errors);
    }

    boolean isValid();

    /** The problems found; empty for a valid configuration. */
    List<ConfigurationError> errors();

    /** The configuration, or a {@link ConfigurationException} listing every problem. */
    T orElseThrow();

    /** Transforms a valid value; an invalid result keeps its errors. */
    <R> ConfigurationResult<R> map(Function<? super T, ? extends R> mapper);

    /** The valid case. */
    record Valid<T>(T value) implements ConfigurationResult<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public List<ConfigurationError> errors() {
            return List.of();
        }

        @Override
        public T orElseThrow() {
            return value;
        }

        @Override
        public <R> ConfigurationResult<R> map(Function<? super T, ? extends R> mapper) {
            return new Valid<>(mapper.apply(value));
        }
    }

    /** The invalid case: at least one error. */
    record Invalid<T>(List<ConfigurationError> errors) implements ConfigurationResult<T> {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException(
                        "an invalid configuration has at least one error");
            }
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public T orElseThrow() {
            throw new ConfigurationException(errors);
        }

        @Override
        public <R> ConfigurationResult<R> map(Function<? super T, ? extends R> mapper) {
            return new Invalid<>(errors);
        }
    }
}
