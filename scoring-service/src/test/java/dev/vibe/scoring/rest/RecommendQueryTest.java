package dev.vibe.scoring.rest;

import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.scoring.service.RecommendService;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recommendation query's ranges (Bean Validation) and the problem they make, field by field (plain JUnit). */
class RecommendQueryTest {

    static ValidatorFactory factory;
    static QueryChecks checks;

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        checks = new QueryChecks(factory.getValidator());
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    static RecommendQuery query(int limit, int offset, double minProbability, Double minMargin, Integer perArtist) {
        return new RecommendQuery(null, "all", limit, offset, minProbability, minMargin, perArtist, true, null);
    }

    static List<Problem.FieldError> errors(RecommendQuery q) {
        return assertThrows(VibeException.InvalidInput.class, () -> checks.check(q, RecommendQuery.OUT_OF_RANGE)).errors();
    }

    @Test
    void theEdgesOfEachRangeAreIn() {
        for (RecommendQuery q : List.of(query(1, 0, 0, null, null), query(500, 7, 1, -1.0, 1), query(20, 0, 0.5, 1.0, 3))) {
            assertSame(q, checks.check(q, RecommendQuery.OUT_OF_RANGE));
        }
    }

    @Test
    void everyFieldOutOfRangeIsNamedOnceInTheQuerysOrderWithTheMessageTheApiGives() {
        VibeException.InvalidInput e = assertThrows(VibeException.InvalidInput.class,
                () -> checks.check(query(501, -1, Double.NaN, -1.5, 0), RecommendQuery.OUT_OF_RANGE));
        assertEquals("Bad request", e.title());
        assertEquals("Some options are out of range; fix the fields listed in errors.", e.getMessage());
        assertEquals(List.of(new Problem.FieldError("limit", "must be between 1 and 500"), new Problem.FieldError("offset", "must be 0 or more"),
                new Problem.FieldError("minProbability", "must be between 0 and 1"), new Problem.FieldError("minMargin", "must be between -1 and 1"),
                new Problem.FieldError("perArtist", "must be 1 or more")), e.errors());
    }

    @Test
    void eachBoundIsCheckedOnItsOwn() {
        assertEquals(List.of(new Problem.FieldError("limit", "must be between 1 and 500")), errors(query(0, 0, 0, null, null)));
        assertEquals(List.of(new Problem.FieldError("minProbability", "must be between 0 and 1")), errors(query(20, 0, 1.0001, null, null)));
        assertEquals(List.of(new Problem.FieldError("minProbability", "must be between 0 and 1")), errors(query(20, 0, -0.1, null, null)));
        assertEquals(List.of(new Problem.FieldError("minMargin", "must be between -1 and 1")), errors(query(20, 0, 0, 1.5, null)));
        assertEquals(List.of(new Problem.FieldError("minMargin", "must be between -1 and 1")), errors(query(20, 0, 0, Double.NaN, null)));
        assertEquals(List.of(new Problem.FieldError("perArtist", "must be 1 or more")), errors(query(20, 0, 0, null, -3)));
    }

    @Test
    void theServiceIsAskedWhatTheQuerySaysAndACsvIsNotExplained() {
        RecommendQuery q = new RecommendQuery("Bluey", " catalogue:x ", 30, 60, 0.2, 0.1, 2, true, "CSV");
        assertTrue(q.csvFormat());
        assertEquals(new RecommendService.Request("Bluey", "catalogue:x", 60, 30, 0.2, 0.1, 2, true), q.request(false));
        assertFalse(q.request(true).explain());
        assertFalse(new RecommendQuery(null, "all", 20, 0, 0, null, null, true, null).csvFormat());
    }
}
