package com.auralise.trainer.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which sound sources a split may use. The evaluation split holds out one SoundFont (TimGM6mb) and
 * two drum kits (BJA_Pacific, VariBreaks) that training never hears, so held-out scores measure generalisation
 * to new timbres, not memorised samples.
 *
 * <p>Sources come from Debian packages: fluid-soundfont-gm, timgm6mb-soundfont, hydrogen-drumkits.
 * MuseScore_General.sf3 (musescore-general-soundfont) is not used: its samples are Ogg-Vorbis
 * compressed and Gervill reads them as raw PCM, which renders noise (measured: zero-crossing rate
 * near 11 kHz for a piano A3).
 */
public enum Split {
    // Millo-Drums_v.1 and Millo_MultiLayered2 are left out of both: they share recordings with
    // Millo_MultiLayered3, which would leak held-out sounds. circAfrique and Gimme A Hand have no kit.
    TRAIN(List.of("FluidR3_GM.sf2"), List.of("The Black Pearl 1.0", "ForzeeStereo", "Audiophob", "ColomboAcousticDrumkit",
            "Millo_MultiLayered3", "ElectricEmpireKit", "HardElectro1", "rumpf_kit_z01_h2")),
    EVAL(List.of("TimGM6mb.sf2"), List.of("BJA_Pacific", "VariBreaks"));

    /** Overridable for machines that install the packages elsewhere. */
    public static final Path SF2_DIR = Path.of(System.getProperty("auralise.sf2.dir", "/usr/share/sounds/sf2"));
    public static final Path KIT_DIR = Path.of(System.getProperty("auralise.drumkit.dir", "/usr/share/hydrogen/data/drumkits"));

    private final List<String> soundFonts;
    private final List<String> drumKits;

    Split(List<String> soundFonts, List<String> drumKits) {
        this.soundFonts = soundFonts;
        this.drumKits = drumKits;
    }

    /** SoundFont file names (in {@link #SF2_DIR}) this split renders melodic parts and GM drum kits with. */
    public List<String> soundFonts() {
        return soundFonts;
    }

    /** Hydrogen drum kit folder names (in {@link #KIT_DIR}) this split may trigger drum samples from. */
    public List<String> drumKits() {
        return drumKits;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Split fromId(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** Throws with the Debian package names when a source this split needs is not installed. */
    public void checkInstalled() {
        List<String> missing = new ArrayList<>();
        for (String sf : soundFonts) {
            if (!Files.isRegularFile(SF2_DIR.resolve(sf))) missing.add(SF2_DIR.resolve(sf).toString());
        }
        for (String kit : drumKits) {
            if (!Files.isRegularFile(KIT_DIR.resolve(kit).resolve("drumkit.xml"))) missing.add(KIT_DIR.resolve(kit).toString());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Sound sources missing: " + missing
                    + " (apt-get install fluid-soundfont-gm timgm6mb-soundfont hydrogen-drumkits)");
        }
    }
}
