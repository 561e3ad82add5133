package com.auralise.plugin;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks a frame the LV2 UI saved (AURALISE_VIEW_SNAPSHOT, with its .txt of panel rectangles) for
 * plugin/test-ui.sh: the input spectrogram panel must show signal, and for a tone burst track
 * (jack_metro) the bursts must be separate columns, not a smear or a blank panel.
 *
 * <p>Usage: {@code UiSnapshotCheck FRAME.png [MIN_BURSTS]}; prints the measures, exits 1 on failure.
 */
public final class UiSnapshotCheck {
    private UiSnapshotCheck() {
    }

    public static void main(String[] args) throws Exception {
        BufferedImage img = ImageIO.read(new File(args[0]));
        int minBursts = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int[] r = null;
        for (String line : Files.readAllLines(Path.of(args[0] + ".txt"))) {
            String[] t = line.split(" ");
            if (t.length == 6 && t[0].equals("panel") && t[1].equals("INPUT")) {
                r = new int[] {Integer.parseInt(t[2]), Integer.parseInt(t[3]), Integer.parseInt(t[4]), Integer.parseInt(t[5])};
            }
        }
        if (r == null) {
            System.out.println("FAIL: no INPUT panel in " + args[0] + ".txt");
            System.exit(1);
        }
        // Lit = clearly above the dark background of an empty spectrogram (luma > 60 of 255).
        int lit = 0;
        int max = 0;
        int total = r[2] * r[3];
        boolean[] litColumn = new boolean[r[2]];
        for (int x = 0; x < r[2]; x++) {
            int n = 0;
            for (int y = 0; y < r[3]; y++) {
                int l = luma(img.getRGB(r[0] + x, r[1] + y));
                max = Math.max(max, l);
                if (l > 60) {
                    n++;
                }
            }
            lit += n;
            litColumn[x] = n >= 3;
        }
        int bursts = 0;
        for (int x = 0; x < r[2]; x++) {
            if (litColumn[x] && (x == 0 || !litColumn[x - 1])) {
                bursts++;
            }
        }
        double fraction = lit / (double) total;
        System.out.printf(Locale.ROOT, "input panel %dx%d: %.2f%% lit pixels, max luma %d, %d separate bursts%n",
                r[2], r[3], 100 * fraction, max, bursts);
        boolean ok = fraction >= 0.005 && fraction < 0.9 && max > 150 && bursts >= minBursts;
        System.out.println(ok ? "OK: the input spectrogram shows the signal" : "FAIL: the input panel looks blank or smeared");
        System.exit(ok ? 0 : 1);
    }

    private static int luma(int rgb) {
        return (299 * (rgb >> 16 & 0xff) + 587 * (rgb >> 8 & 0xff) + 114 * (rgb & 0xff)) / 1000;
    }
}
