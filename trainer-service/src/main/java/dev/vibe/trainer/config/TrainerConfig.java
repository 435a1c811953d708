package dev.vibe.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalInt;

/** How the trainer trains. */
@ConfigMapping(prefix = "vibe.trainer")
public interface TrainerConfig {

    /** How long a request waits for its songs' features to reach the trainer's replica. */
    @WithDefault("60s")
    Duration featureWait();

    /** Share of the songs held out to measure the model and the baselines. */
    @WithDefault("0.2")
    double testShare();

    /** Fewest songs a playlist needs. */
    @WithDefault("3")
    int minSongsPerPlaylist();

    /** Seed of every random choice: the same request on the same data gives the same model. */
    @WithDefault("42")
    long seed();

    /**
     * Members of the network's ensemble; unset, the recipe's own (20, which the README's quality figures are for). Fewer
     * train faster and score a little worse: the system and CLI tests use 4.
     */
    OptionalInt members();

    /**
     * Trees per playlist of the random-forest baseline (a multiple of 30); unset, 300 (as scikit-learn's forest in the
     * design study). Fewer grow faster and make the baseline a little weaker: the system and CLI tests use 60.
     */
    OptionalInt forestTrees();

    /**
     * Train a small made-up vibe once when the trainer starts, so the first request trains as fast as the next ones
     * (a fresh JVM's first training costs several seconds more: the engine loads, code is compiled). A request that
     * arrives meanwhile waits for the round under way only, and once a request has trained the warm-up stops.
     */
    @WithDefault("true")
    boolean warmUp();
}
