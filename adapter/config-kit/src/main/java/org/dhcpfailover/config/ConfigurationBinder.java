package org.dhcpfailover.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds a JSON subtree to a model class and checks it with Hibernate Validator, reporting every
 * problem with its JSON path below a caller-given prefix (for a plugin, e.g.
 * {@code Dhcp6.hooks-libraries[0].parameters}).
 *
 * <p>Structural problems come in two passes: binding (unknown key, wrong type, bad enum value)
 * and bean validation (missing key, out-of-range number, bad address). A value that failed to bind
 * is not reported again by validation. Rules that involve several values are the caller's, written
 * as plain code against the returned model.
 */
public final class ConfigurationBinder {

    /** Message interpolation without Jakarta EL: configuration messages need no expressions. */
    private static final Validator VALIDATOR =
            Validation.byProvider(HibernateValidator.class)
                    .configure()
                    .messageInterpolator(new ParameterMessageInterpolator())
                    .buildValidatorFactory()
                    .getValidator();

    /**
     * Jackson reports unknown keys of a record only after its other members, and bean validation
     * reports in no particular order; sorting by path (list indices compared as numbers) gives the
     * operator a stable list in which the problems of one object stand together.
     */
    private static final Comparator<ConfigurationError> IN_DOCUMENT_ORDER =
            Comparator.comparing((ConfigurationError e) -> sortKey(e.path()))
                    .thenComparing(ConfigurationError::reason);

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private ConfigurationBinder() {}

    /**
     * Binds {@code node} (at {@code path}) to {@code type} and validates it. Every problem goes to
     * {@code errors}; the model is returned whenever binding got far enough to build one, even if it
     * has problems, so that cross-field rules can still run and report theirs in the same pass.
     */
    public static <T> Optional<T> bind(
            JsonNode node, Class<T> type, JsonPath path, ConfigurationErrors errors) {
        ConfigurationErrors structural = new ConfigurationErrors();
        T model;
        try (JsonParser parser = ConfigurationMapper.get().treeAsTokens(node)) {
            model =
                    ConfigurationMapper.get()
                            .readerFor(type)
                            .withHandler(new BindingProblemHandler(path, structural))
                            .readValue(parser);
        } catch (JsonMappingException e) {
            structural.add(pathOf(path, e), e.getOriginalMessage());
            model = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (model != null) {
            for (ConstraintViolation<T> violation : VALIDATOR.validate(model)) {
                structural.addUnlessReported(
                        toJsonPath(path, model, violation.getPropertyPath()),
                        violation.getMessage());
            }
        }
        structural.list().stream()
                .sorted(IN_DOCUMENT_ORDER)
                .forEach(e -> errors.addUnlessReported(JsonPath.of(e.path()), e.reason()));
        return Optional.ofNullable(model);
    }

    /**
     * Translates a bean-validation property path ({@code pools[0].validLifetime}) to the JSON path
     * the operator wrote ({@code pools[0].valid-lifetime}), below {@code base}. The beans along the
     * path are followed from {@code root} so that a component renamed with {@link JsonProperty}
     * (e.g. {@code interfaceName} written as {@code "interface"}) shows its JSON name.
     */
    public static JsonPath toJsonPath(JsonPath base, Object root, Path propertyPath) {
        JsonPath path = base;
        Object bean = root;
        for (Path.Node node : propertyPath) {
            if (node.isInIterable() && node.getIndex() != null) {
                path = path.index(node.getIndex());
                bean =
                        bean instanceof List<?> list && node.getIndex() < list.size()
                                ? list.get(node.getIndex())
                                : null;
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                Optional<Field> field = fieldOf(bean, node.getName());
                path =
                        path.key(
                                field.map(f -> f.getAnnotation(JsonProperty.class))
                                        .map(JsonProperty::value)
                                        .orElseGet(
                                                () -> ConfigurationMapper.jsonKey(node.getName())));
                Object owner = bean;
                bean = field.map(f -> valueOf(f, owner)).orElse(null);
            }
        }
        return path;
    }

    private static Object valueOf(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Optional<Field> fieldOf(Object bean, String name) {
        if (bean == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(bean.getClass().getDeclaredField(name));
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }

    private static String sortKey(String path) {
        return INDEX.matcher(path)
                .replaceAll(
                        m ->
                                "["
                                        + "0".repeat(Math.max(0, 10 - m.group(1).length()))
                                        + m.group(1)
                                        + "]");
    }

    private static JsonPath pathOf(JsonPath base, JsonMappingException e) {
        JsonPath path = base;
        for (JsonMappingException.Reference reference : e.getPath()) {
            path =
                    reference.getFieldName() != null
                            ? path.key(reference.getFieldName())
                            : path.index(reference.getIndex());
        }
        return path;
    }
}
