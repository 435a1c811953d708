package dev.vibe.scoring.rest;

import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A query record checked against its Bean Validation constraints, answered as the API has always answered options out
 * of range: one {@link VibeException.InvalidInput} naming each bad field once, in the order the record declares them.
 */
@ApplicationScoped
public class QueryChecks {

    private final Validator validator;

    public QueryChecks(Validator validator) {
        this.validator = validator;
    }

    /**
     * @param detail the problem's detail when a field is out of range
     * @return the query, if every constraint holds
     * @throws VibeException.InvalidInput naming every field out of range
     */
    public <T extends Record> T check(T query, String detail) {
        var violations = validator.validate(query);
        if (violations.isEmpty()) {
            return query;
        }
        List<String> declared = Arrays.stream(query.getClass().getRecordComponents()).map(RecordComponent::getName).toList();
        Map<String, String> byField = new TreeMap<>(Comparator.comparingInt(declared::indexOf));
        for (ConstraintViolation<T> v : violations) {
            byField.merge(v.getPropertyPath().toString(), v.getMessage(), (first, other) -> first.compareTo(other) <= 0 ? first : other);
        }
        throw new VibeException.InvalidInput(detail, byField.entrySet().stream().map(e -> new Problem.FieldError(e.getKey(), e.getValue())).toList());
    }
}
