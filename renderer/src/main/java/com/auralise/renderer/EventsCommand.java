package com.auralise.renderer;

import com.auralise.audio.AudioFormatException;
import com.auralise.audio.AudioInput;
import com.auralise.events.Event;
import com.auralise.events.EventSettings;
import com.auralise.events.OfflineEvents;
import com.auralise.filter.FeatureFilter;
import com.auralise.filter.FilterSettings;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.renderer.audio.Formats;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turns a feature filter's events (onsets, drum hits) into onset lists and MIDI files.",
                "Text: one onset time in seconds per line, as aubioonset prints. MIDI: a Standard MIDI File (type 0,",
                "120 bpm, 960 ticks per beat), one note per event, velocity from the event's level.",
                "Times refer to the input audio (the filter's latency is compensated)."},
        footer = {"", "Examples:",
                "  auralise events song.wav -o song.txt --filter \"onset detector\"",
                "  auralise events song.wav -o kick.mid --filter kick            # note 36 on channel 10",
                "  auralise events album/ -o events/ --filter kick --format both",
                "  auralise events song.wav -o - --filter onset                   # times on stdout",
                "", "Exit codes: 0 ok, 1 some files failed, 2 usage error, 3 model error."})
public final class EventsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IN", description = "Audio files, folders (recursive) or glob patterns.")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output file (one input: NAME.txt or NAME.mid; '-' prints the times), or a folder (NAME.txt / NAME.mid per input).")
    Path output;

    @Option(names = "--format", paramLabel = "txt|mid|both", description = "Default: from OUT's extension, else both.")
    String format;

    @Option(names = "--note", paramLabel = "0..127", description = "MIDI note (default from the filter's name: kick 36, snare 38, hats 42, else 60).")
    Integer note;

    @Option(names = "--channel", paramLabel = "1..16", description = "MIDI channel (default 10, the GM drum channel, for drum selectors; else 1).")
    Integer channel;

    @Option(names = "--note-length-ms", paramLabel = "MS", defaultValue = "50", description = "Note length (default 50 ms; shortened before the next note).")
    double noteLengthMs;

    @Option(names = "--event-threshold", paramLabel = "H", description = "Peak height over the adaptive floor (default per filter name).")
    Double eventThreshold;

    @Option(names = "--min-interval-ms", paramLabel = "MS", description = "Minimum time between events (default per filter name).")
    Double minIntervalMs;

    @Option(names = "--gate-db", paramLabel = "DB", description = "No events while the passed level is below this (default per filter name).")
    Double gateDb;

    @Option(names = "--force", description = "Overwrite existing outputs.")
    boolean force;

    @ArgGroup(exclusive = false, heading = "%nFilter:%n")
    FilterOptions filterOptions = new FilterOptions();

    @Mixin
    ModelOption model;

    @Override
    public Integer call() {
        if (filterOptions == null) {
            filterOptions = new FilterOptions();
        }
        Model m;
        FilterSettings s;
        if (filterOptions.preset() != null) {
            FilterOptions.PresetChoice pc = FilterOptions.loadPreset(filterOptions.preset(), model.model);
            m = pc.model();
            s = pc.settings();
            filterOptions.overrides(s);
            FilterOptions.check(m, s);
        } else {
            m = model.load();
            s = filterOptions.resolve(m);
        }
        String name = nameOf(m, s);
        EventSettings es = EventSettings.forFilter(name);
        if (eventThreshold != null) {
            es.threshold = range("--event-threshold", eventThreshold, 0, 10);
        }
        if (minIntervalMs != null) {
            es.minIntervalMs = range("--min-interval-ms", minIntervalMs, 1, 1000);
        }
        if (gateDb != null) {
            es.gateDb = range("--gate-db", gateDb, -120, 0);
        }
        range("--note-length-ms", noteLengthMs, 1, 10000);
        int midiNote = note != null ? (int) range("--note", note, 0, 127) : EventSettings.noteFor(name);
        int midiChannel = channel != null ? (int) range("--channel", channel, 1, 16) : EventSettings.channelFor(name);
        boolean stdout = output.toString().equals("-");
        List<Inputs.Input> ins = Inputs.expand(inputs);
        String ext = extension(output);
        boolean toFile = stdout || (ins.size() == 1 && ext != null && !Files.isDirectory(output));
        String fmt = format != null ? format.toLowerCase(Locale.ROOT) : toFile && !stdout ? ext : stdout ? "txt" : "both";
        if (!fmt.equals("txt") && !fmt.equals("mid") && !fmt.equals("both")) {
            throw new UsageException("--format must be txt, mid or both, got " + format);
        }
        if (stdout && (ins.size() != 1 || !fmt.equals("txt"))) {
            throw new UsageException("-o - prints one input's onset times: give one input and text format");
        }
        if (!toFile && ins.size() > 1 && ext != null && !Files.isDirectory(output)) {
            throw new UsageException(ins.size() + " inputs but -o " + output + " names one file: give a folder");
        }
        if (filterOptions.hasSelection() == false) {
            Auralise.err().println("note: no --filter, --preset or --layer/--feature given; using " + s);
        }
        int failed = 0;
        for (Inputs.Input in : ins) {
            if (in.error() != null) {
                Auralise.err().println("error: " + in.file() + ": " + in.error());
                failed++;
                continue;
            }
            Path base = toFile ? stripExtension(output) : output.resolve(OutputOptions.replaceExtension(in.relative(), ""));
            try {
                List<Event> ev;
                int rate;
                try (AudioInput a = Formats.open(in.file())) {
                    rate = a.sampleRate();
                    FeatureFilter f = new FeatureFilter(m);
                    f.apply(s);
                    f.setFixedSelection(true);
                    f.setEventsEnabled(true);
                    f.applyEvents(es);
                    f.prepare(rate, OfflineEvents.BLOCK, a.channels());
                    ev = OfflineEvents.collect(f, a).events();
                }
                String text = text(ev, rate);
                if (stdout) {
                    Auralise.out().print(text);
                    continue;
                }
                List<AtomicFile> temps = new ArrayList<>();
                List<Path> targets = new ArrayList<>();
                try {
                    if (!fmt.equals("mid")) {
                        targets.add(withExtension(base, ".txt"));
                    }
                    if (!fmt.equals("txt")) {
                        targets.add(withExtension(base, ".mid"));
                    }
                    for (Path t : targets) {
                        if (!force && Files.exists(t)) {
                            throw new FileAlreadyExistsException(t.toString());
                        }
                        if (Files.exists(t) && Files.isSameFile(t, in.file())) {
                            throw new IOException("output would overwrite the input");
                        }
                    }
                    for (Path t : targets) {
                        Files.createDirectories(t.toAbsolutePath().getParent());
                        AtomicFile af = new AtomicFile(t);
                        temps.add(af);
                        if (t.toString().endsWith(".txt")) {
                            Files.writeString(af.temp(), text, StandardCharsets.UTF_8);
                        } else {
                            try (OutputStream o = Files.newOutputStream(af.temp())) {
                                MidiSystem.write(midi(ev, rate, midiNote, midiChannel - 1, noteLengthMs), 0, o);
                            }
                        }
                    }
                    // Both temporaries are complete before either is renamed into place.
                    for (AtomicFile af : temps) {
                        af.commit(force);
                    }
                } finally {
                    for (AtomicFile af : temps) {
                        af.abort();
                    }
                }
                Auralise.err().printf(Locale.ROOT, "%s: %d events -> %s%n", in.file(), ev.size(), targets);
            } catch (FileAlreadyExistsException e) {
                Auralise.err().println("error: " + in.file() + ": output exists (use --force to overwrite): " + e.getFile());
                failed++;
            } catch (NoSuchFileException e) {
                Auralise.err().println("error: " + in.file() + ": no such file or folder: " + e.getFile());
                failed++;
            } catch (AudioFormatException e) {
                Auralise.err().println("error: " + in.file() + ": " + e.getMessage());
                failed++;
            } catch (IOException | RuntimeException | InvalidMidiDataException e) {
                Auralise.err().println("error: " + in.file() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                failed++;
            }
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** One time per line in seconds, six decimals, as aubioonset prints them. */
    static String text(List<Event> ev, int rate) {
        StringBuilder sb = new StringBuilder();
        for (Event e : ev) {
            sb.append(String.format(Locale.ROOT, "%.6f%n", e.inputSample / (double) rate));
        }
        return sb.toString();
    }

    /** Type-0 sequence at 120 bpm, 960 ticks per quarter (1 tick = 0.52 ms). */
    static Sequence midi(List<Event> ev, int rate, int note, int channel, double lengthMs) throws InvalidMidiDataException {
        Sequence seq = new Sequence(Sequence.PPQ, 960);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0)); // 500000 us per quarter
        double ticksPerSecond = 1920;
        for (int i = 0; i < ev.size(); i++) {
            long on = Math.round(ev.get(i).inputSample / (double) rate * ticksPerSecond);
            long off = on + Math.max(1, Math.round(lengthMs / 1000 * ticksPerSecond));
            if (i + 1 < ev.size()) {
                long next = Math.round(ev.get(i + 1).inputSample / (double) rate * ticksPerSecond);
                off = Math.max(on + 1, Math.min(off, next - 1));
            }
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, note, ev.get(i).velocity), on));
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, note, 0), off));
        }
        return seq;
    }

    /** The catalogue name of the selected feature, or null for an unnamed one. */
    static String nameOf(Model m, FilterSettings s) {
        for (ModelSpec.CatalogueEntry e : Models.namedFilters(m)) {
            if (e.layer == s.layer && e.feature == s.feature) {
                return e.name;
            }
        }
        return null;
    }


    private static double range(String opt, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new UsageException(opt + " must be in " + lo + ".." + hi + ", got " + v);
        }
        return v;
    }

    static String extension(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".txt") ? "txt" : n.endsWith(".mid") || n.endsWith(".midi") ? "mid" : null;
    }

    static Path stripExtension(Path p) {
        return extension(p) == null ? p : OutputOptions.replaceExtension(p, "");
    }

    static Path withExtension(Path base, String ext) {
        return base.resolveSibling(base.getFileName() + ext);
    }
}
