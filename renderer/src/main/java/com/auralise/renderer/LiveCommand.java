package com.auralise.renderer;

import com.auralise.view.LiveApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auralise live}: the view module's JACK client with the feature view, so that the one
 * installed command covers the stage too. Its options are LiveApp's own (see --help).
 */
@Command(name = "live", description = {"Runs a feature filter on live JACK input with the feature view (a JACK client).",
        "Options: auralise live --help"})
public final class LiveCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        // LWJGL unpacks its natives once into the user's cache, never into /tmp.
        if (System.getProperty("org.lwjgl.system.SharedLibraryExtractPath") == null) {
            String cache = System.getenv("XDG_CACHE_HOME");
            Path base = cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
            System.setProperty("org.lwjgl.system.SharedLibraryExtractPath", base.resolve("auralise/lwjgl").toString());
        }
        try {
            return LiveApp.run(args.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            Auralise.err().println("auralise live: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            Auralise.err().println("auralise live: " + e);
            return ExitCodes.FAILED;
        }
    }
}
