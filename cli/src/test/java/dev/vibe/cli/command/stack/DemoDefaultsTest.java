package dev.vibe.cli.command.stack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A demo's own stack lives half a minute: its services start with quick-starting JVM options, unless kept or told otherwise. */
class DemoDefaultsTest {

    Properties saved;

    @BeforeEach
    void clear() {
        saved = (Properties) System.getProperties().clone();
        System.clearProperty("vibe.stack.jvm-options");
        System.clearProperty("vibe.trainer.warm-up");
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
    }

    @Test
    void aDemoThatStopsItsStackStartsItQuickly() {
        DemoCommand.demoDefaults(false, false);
        assertEquals("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", System.getProperty("vibe.stack.jvm-options"));
        assertEquals("false", System.getProperty("vibe.trainer.warm-up"));
        assertEquals("true", System.getProperty("vibe.offline"));
    }

    @Test
    void aKeptStackKeepsTheDefaultJvm() {
        DemoCommand.demoDefaults(true, false);
        assertNull(System.getProperty("vibe.stack.jvm-options"));
    }

    @Test
    void whatTheCallerSaidWins() {
        System.setProperty("vibe.stack.jvm-options", "-Xmx300m");
        System.setProperty("vibe.trainer.warm-up", "true");
        DemoCommand.demoDefaults(false, false);
        assertEquals("-Xmx300m", System.getProperty("vibe.stack.jvm-options"));
        assertEquals("true", System.getProperty("vibe.trainer.warm-up"));
        System.clearProperty("vibe.stack.jvm-options");
        DemoCommand.demoDefaults(false, true); // VIBE_STACK_JVM_OPTIONS in the environment
        assertNull(System.getProperty("vibe.stack.jvm-options"));
    }
}
