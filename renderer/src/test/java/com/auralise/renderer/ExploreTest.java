package com.auralise.renderer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The exploration report: its content, and how it looks in a real (headless) browser. */
class ExploreTest {
    @TempDir
    Path dir;

    private Path report() throws Exception {
        Path in = Fixtures.wav(dir.resolve("song.wav"), Fixtures.signal(44100 * 3, 2, 44100, 11), 44100, 16);
        Path out = dir.resolve("report");
        Fixtures.Run r = Fixtures.run("explore", in.toString(), "-o", out.toString(), "--model", Fixtures.modelZip(dir).toString(),
                "--seconds", "2", "--top", "2");
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @Test
    void reportHasEveryLayerNamedFeaturesFirstAndPlayableAudio() throws Exception {
        Path out = report();
        String html = Files.readString(out.resolve("index.html"));
        for (int l = 1; l <= 3; l++) {
            assertTrue(html.contains("<h2>Layer " + l + "</h2>"), "layer " + l);
        }
        // Catalogue features lead their layer: the first card of layer 2 is the kick selector (L2 #1).
        int l2 = html.indexOf("<h2>Layer 2</h2>");
        int firstCard = html.indexOf("<h3>", l2);
        assertTrue(html.substring(firstCard, html.indexOf("</h3>", firstCard)).contains("kick selector"), html.substring(firstCard, firstCard + 200));
        // 2 cards per layer, each with two images and its audio file; all 12 features in the table.
        Matcher audio = Pattern.compile("src=\"audio/(L\\d-F\\d{3}\\.wav)\"").matcher(html);
        int cards = 0;
        while (audio.find()) {
            cards++;
            Fixtures.Decoded a = Fixtures.read(out.resolve("audio").resolve(audio.group(1)));
            assertEquals(44100 * 2, a.frames(), "auralised clip has the clip's length");
        }
        assertEquals(6, cards);
        try (Stream<Path> s = Files.list(out.resolve("audio"))) {
            assertEquals(7, s.count(), "clip + the shown features' audio only");
        }
        assertEquals(1 + 2 * 6, count(html, "src=\"data:image/png;base64,"));
        assertEquals(12, count(html, "<tr><td>L"));
        assertEquals(0, Fixtures.temporaries(dir));
        // No overwrite without --force.
        Fixtures.Run again = Fixtures.run("explore", dir.resolve("song.wav").toString(), "-o", out.toString(), "--model", Fixtures.modelZip(dir).toString());
        assertEquals(1, again.code());
    }

    /** Debian's chromium renders the page; the screenshot is kept in target/ as an artefact. */
    @Test
    void rendersInHeadlessChromium() throws Exception {
        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(chromium != null, "chromium is not installed (./build.sh deps installs it)");
        Path out = report();
        Path shot = Path.of("target", "explore-screenshot.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        Process p = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1280,1400", "--screenshot=" + shot,
                out.resolve("index.html").toUri().toString())).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        assertTrue(Files.size(shot) > 1000, Files.readString(dir.resolve("chromium.log")));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
        // The page's dark background, and the spectrogram colour map's warm colours where the images are.
        int warm = 0;
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255;
                int g = (rgb >> 8) & 255;
                int b = rgb & 255;
                if (r > 150 && g > 50 && b < 120) {
                    warm++;
                }
                if (r < 40 && g < 40 && b < 40) {
                    dark++;
                }
            }
        }
        int total = (img.getWidth() / 2) * (img.getHeight() / 2);
        assertTrue(dark > total / 3, "dark page: " + dark + " of " + total);
        assertTrue(warm > 200, "spectrogram images visible: " + warm + " warm pixels");
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
