package dev.vibe.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole job on bundled demo playlists and print the fit matrix.")
class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("vibe demo: not yet: the demo arrives with training and scoring. Try ./vibe up and ./vibe status meanwhile.");
        return 2;
    }
}
