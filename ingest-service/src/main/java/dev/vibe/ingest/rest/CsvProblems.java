package dev.vibe.ingest.rest;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.problem.Problem;

import java.util.List;

/** CSV problems as problem+json errors: field "line N" or "line N <feature>". */
final class CsvProblems {

    private CsvProblems() {
    }

    static List<Problem.FieldError> of(SongCsv.Result csv) {
        return csv.problems().stream()
                .map(p -> new Problem.FieldError(p.field() == null ? "line " + p.line() : "line " + p.line() + " " + p.field(), p.message()))
                .toList();
    }
}
