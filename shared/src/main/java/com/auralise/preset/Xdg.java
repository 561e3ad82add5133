package com.auralise.preset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** XDG base directories (freedesktop.org): relative values are ignored, as the specification says. */
final class Xdg {
    private Xdg() {
    }

    static Path configHome(Map<String, String> env) {
        return dir(env, "XDG_CONFIG_HOME", ".config");
    }

    static Path dataHome(Map<String, String> env) {
        return dir(env, "XDG_DATA_HOME", ".local/share");
    }

    /** $XDG_DATA_DIRS, default /usr/local/share:/usr/share. */
    static List<Path> dataDirs(Map<String, String> env) {
        String v = env.get("XDG_DATA_DIRS");
        List<Path> l = new ArrayList<>();
        for (String s : (v == null || v.isBlank() ? "/usr/local/share:/usr/share" : v).split(":")) {
            if (!s.isEmpty() && Path.of(s).isAbsolute()) {
                l.add(Path.of(s));
            }
        }
        return l;
    }

    static Path home(Map<String, String> env) {
        String h = env.get("HOME");
        return Path.of(h == null || h.isBlank() ? System.getProperty("user.home") : h);
    }

    private static Path dir(Map<String, String> env, String var, String fallback) {
        String v = env.get(var);
        if (v != null && !v.isBlank() && Path.of(v).isAbsolute()) {
            return Path.of(v);
        }
        return home(env).resolve(fallback);
    }
}
