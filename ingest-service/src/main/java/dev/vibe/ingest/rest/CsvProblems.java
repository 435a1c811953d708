package dev.vibe.ingest.rest;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.problem.Problem;

import java.util.ArrayList;
import java.util.List;

/** Why a CSV was refused, as problem+json errors: field "line N" or "line N <feature>". */
final class CsvProblems {

    static final int MAX_ERRORS = 50;

    private CsvProblems() {
    }

    static List<Problem.FieldError> of(SongCsv.Refusal refusal) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (refusal.details().isEmpty()) {
            errors.add(new Problem.FieldError("line " + refusal.line(), refusal.message()));
        }
        refusal.details().stream().limit(MAX_ERRORS).forEach(s -> errors.add(new Problem.FieldError(
                "line " + s.line() + (s.field() == null ? "" : " " + s.field()), s.reason())));
        return errors;
    }
}
