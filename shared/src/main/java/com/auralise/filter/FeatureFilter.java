package com.auralise.filter;

import com.auralise.deconvolution.EngineLayout;
import com.auralise.deconvolution.StreamingDeconvolution;
import com.auralise.events.EventDetector;
import com.auralise.events.EventQueue;
import com.auralise.events.EventSettings;
import com.auralise.events.PassedBand;
import com.auralise.frontend.Frontend;
import com.auralise.frontend.Resampler;
import com.auralise.istft.OverlapAdd;
import com.auralise.mask.MaskShaper;
import com.auralise.model.Model;
import com.auralise.model.ModelSpec;
import com.auralise.network.StreamingNetwork;
import com.auralise.stft.Fft;
import com.auralise.stft.StftAnalyzer;

/**
 * One CNN feature as an audio filter: the processor that the plugin, the renderer, the view and
 * the tests all run.
 *
 * <p>Signal chain. Analysis: the channels' mean (so stereo keeps its image: one mask for all
 * channels) is resampled to the model's rate if needed, framed by an STFT, turned into a network
 * column by the model's front-end, pushed through the streaming network, and the selected feature
 * is deconvolved back, normalised and mapped onto STFT bins. Synthesis runs at the host's rate on
 * each channel delayed by the analysis look-ahead: STFT, multiply by the (time- and frequency-
 * interpolated) mask, inverse STFT with overlap-add. The dry signal is delayed by the same amount.
 *
 * <p>Latency: {@code nFftHost - 1} (overlap-add) plus {@code D * hopHost}, where D is the smallest
 * number of host frames after which the mask of the deepest allowed layer ({@link #setMaxLayer}) is
 * always complete. Layer and feature changes therefore never change the latency.
 *
 * <p>Real-time contract: constructed once and {@link #prepare}d off the audio thread (both
 * allocate); after that {@link #process}, {@link #apply} and {@link #reset} allocate nothing, take
 * no lock, do no I/O and do not throw. Non-finite input samples are treated as silence and tiny
 * values are flushed to zero, so output is always finite.
 *
 * <p>Events ({@link #setEventsEnabled}): the same analysis also picks peaks of the selected
 * feature's passed band ({@link PassedBand}, {@link EventDetector}) into an {@link EventQueue}, each
 * event timed on the input stream. The audio output is the same, bit for bit, with events on or off.
 */
public final class FeatureFilter {
    private static final double SMOOTH_SECONDS = 0.02;
    private static final double PEAK_RELEASE_SECONDS = 2.0;
    private static final float TINY = 1e-25f;

    private final Model model;
    private final ModelSpec spec;
    private final FilterSettings settings = new FilterSettings();
    private final double[][] scales;
    private int maxLayer;
    private boolean lowLatency;
    private boolean fixedSelection;
    private boolean eventsEnabled;
    private final EventSettings eventSettings = new EventSettings();

    // Prepared state (all sized in prepare()).
    private boolean prepared;
    private int channels;
    private int nFftHost;
    private int hopHost;
    private int latency;
    private int delayFrames;
    private int modelBins;
    private Frontend frontend;
    private Resampler resampler;
    private StftAnalyzer analysisStft;
    private StreamingNetwork network;
    private StreamingDeconvolution head;
    private MaskShaper shaper;
    private StftAnalyzer[] synthStft;
    private OverlapAdd[] ola;
    private float[][] delayRing;
    private int delayMask;
    private long delayWrite;
    private double[] spectrum;
    private double[][] channelSpectra;
    private float[] column;
    private float[] rawMask;
    private float[][] maskRing;
    private int maskRingMask;
    private long maskColumns;
    private float[] hostMask;
    private int[] binLo;
    private float[] binFrac;
    private long hostFrames;
    private long modelRateNum;
    private long hostRateDen;
    private float[][] chunk;
    private float[] mid;
    private float[] resampled;
    private float[] wet;
    private float[] dry;
    private ViewTap tap;
    private float[][] magRing;
    private PassedBand passedBand;
    private EventDetector detector;
    private EventQueue events;
    private double eventSampleOffset;
    private double magScale;
    private int eventDelay;

    // Smoothed parameters.
    private double frameCoef;
    private double sampleCoef;
    private double threshold;
    private double sharpness;
    private double invert;
    private double wetGain;
    private double dryGain;
    private double maskScale;

    public FeatureFilter(Model model) {
        this.model = model;
        this.spec = model.spec();
        // Catalogue mask scales by [layer][feature], 0 = none: looked up on the audio thread.
        scales = new double[model.layers() + 1][];
        for (int l = 1; l <= model.layers(); l++) {
            scales[l] = new double[model.channels(l)];
        }
        for (ModelSpec.CatalogueEntry e : spec.catalogue) {
            if (e.layer >= 1 && e.layer <= model.layers() && e.feature >= 0 && e.feature < model.channels(e.layer)) {
                scales[e.layer][e.feature] = e.maskScale;
            }
        }
        this.maxLayer = model.layers();
        // A causal ("live") model is meant for the stage: low latency unless asked otherwise.
        this.lowLatency = spec.causal();
        settings.layer = Math.min(settings.layer, model.layers());
    }

    public Model model() {
        return model;
    }

    /** The deepest layer that can be selected after prepare(); sets the latency. Call before prepare(). */
    public void setMaxLayer(int layer) {
        if (layer < 1 || layer > model.layers()) {
            throw new IllegalArgumentException("max layer must be 1.." + model.layers() + ", got " + layer);
        }
        this.maxLayer = layer;
    }

    public int maxLayer() {
        return maxLayer;
    }

    /**
     * Live (stage) mode, set before prepare(): no look-ahead wait. Each frame is masked with the newest
     * complete mask column instead of its own, so the latency drops to the STFT's (nFft - 1) and the
     * mask lags the audio by the layer's look-ahead. On by default for causal ("live") models, whose
     * exact deconvolution would otherwise wait as long as the studio model's.
     */
    public void setLowLatency(boolean on) {
        this.lowLatency = on;
    }

    public boolean lowLatency() {
        return lowLatency;
    }

    /**
     * For offline renders, set before prepare(): the layer and feature of the settings applied so far
     * are final. prepare() then sizes the filter for that layer alone (as {@link #setMaxLayer}) and
     * the network computes only the selected channel of it, which nothing else reads; the output is
     * the same, bit for bit. Later apply() calls change everything but layer and feature.
     */
    public void setFixedSelection(boolean on) {
        this.fixedSelection = on;
    }

    /**
     * Event detection, set before prepare(): prepare() then sizes the detector and its queue, and
     * process() fills {@link #events()}. Off by default (the analysis then does no extra work).
     */
    public void setEventsEnabled(boolean on) {
        this.eventsEnabled = on;
    }

    public boolean eventsEnabled() {
        return eventsEnabled;
    }

    /**
     * Takes new event settings at any time, also on the audio thread (copied and clamped, no
     * allocation); the threshold, interval and floor apply from the next analysis frame.
     */
    public void applyEvents(EventSettings s) {
        eventSettings.copyFrom(s);
        eventSettings.clamp();
        if (detector != null) {
            detector.apply(eventSettings);
            eventSampleOffset = eventSettings.offsetMs * 1e-3 * spec.sampleRate;
        }
    }

    /** A copy of the current event settings. */
    public EventSettings eventSettings() {
        return eventSettings.copy();
    }

    /**
     * The events found so far, oldest first; null unless events were enabled before prepare().
     * Read it on the thread that calls process(), after process().
     */
    public EventQueue events() {
        return events;
    }

    /**
     * At most this many input samples pass between an onset and the block in which its event is
     * queued (look-ahead of the deepest selectable layer, the STFT, one frame of peak picking). In
     * studio mode events are queued before they are due at outputSample; in low-latency mode they
     * come up to this late.
     */
    public int eventDelaySamples() {
        return eventDelay;
    }

    /** Input samples consumed since the last reset: the end of the last block, on the input's time line. */
    public long samplesProcessed() {
        return delayWrite;
    }

    /**
     * Sizes everything for a host rate (8 kHz - 384 kHz) and channel count (1-64). maxBlock is a
     * hint only: process() accepts any block size.
     */
    public void prepare(double sampleRate, int maxBlock, int channels) {
        int sr = (int) Math.round(sampleRate);
        if (sr < 8000 || sr > 384000 || Math.abs(sampleRate - sr) > 1e-6) {
            throw new IllegalArgumentException("sample rate must be a whole number of Hz in 8000..384000, got " + sampleRate);
        }
        if (channels < 1 || channels > 64) {
            throw new IllegalArgumentException("channels must be 1..64, got " + channels);
        }
        this.channels = channels;
        ModelSpec.Frontend fe = spec.frontend;
        int modelRate = spec.sampleRate;
        frontend = Frontend.create(fe, modelRate);
        modelBins = fe.nFft / 2 + 1;
        // Host STFT covers the same time span as the model's, rounded to a power of two.
        double ratio = sr / (double) modelRate;
        nFftHost = sr == modelRate ? fe.nFft : Math.max(16, Integer.highestOneBit((int) Math.round(fe.nFft * ratio * 1.5)));
        hopHost = Math.max(1, (int) Math.round(nFftHost * (fe.hop / (double) fe.nFft)));
        resampler = sr == modelRate ? null : new Resampler(sr, modelRate, 16);
        modelRateNum = modelRate;
        hostRateDen = sr;

        if (fixedSelection) {
            maxLayer = settings.layer;
        }
        EngineLayout layout = EngineLayout.of(model, maxLayer, frontend.bins());
        int lookahead = 0;
        for (int l = 1; l <= maxLayer; l++) {
            lookahead = Math.max(lookahead, layout.lookahead[l]);
        }
        delayFrames = lowLatency ? 0 : hostDelayFrames(lookahead);
        latency = OverlapAdd.latency(nFftHost) + delayFrames * hopHost;
        // An onset is decided once the mask of the frame after its peak is complete.
        eventDelay = (int) Math.ceil(((lookahead + 3) * fe.hop + fe.nFft) * ratio) + (resampler == null ? 0 : resampler.halfWidth()) + hopHost;

        double[] wHost = Frontend.analysisWindow(nFftHost);
        analysisStft = new StftAnalyzer(fe.nFft, fe.hop, Frontend.analysisWindow(fe.nFft));
        network = new StreamingNetwork(model, maxLayer, frontend.bins(), layout.ringCapacity, true);
        if (fixedSelection) {
            network.computeOnly(settings.feature);
        }
        int maskCap = EngineLayout.outputCapacity(lookahead + (int) Math.ceil(delayFrames * hopHost / ratio / fe.hop) + 8);
        head = new StreamingDeconvolution(network, maskCap, true);
        synthStft = new StftAnalyzer[channels];
        ola = new OverlapAdd[channels];
        channelSpectra = new double[channels][nFftHost];
        for (int c = 0; c < channels; c++) {
            synthStft[c] = new StftAnalyzer(nFftHost, hopHost, wHost);
            ola[c] = new OverlapAdd(nFftHost, hopHost, wHost, wHost);
        }
        int ringCap = Integer.highestOneBit(latency + hopHost + 2) << 1;
        delayRing = new float[channels][ringCap];
        delayMask = ringCap - 1;
        spectrum = new double[fe.nFft];
        column = new float[frontend.bins()];
        rawMask = new float[frontend.bins()];
        maskRing = new float[maskCap][modelBins];
        maskRingMask = maskCap - 1;
        hostMask = new float[nFftHost / 2 + 1];
        binLo = new int[hostMask.length];
        binFrac = new float[hostMask.length];
        for (int k = 0; k < hostMask.length; k++) {
            double pos = k * (sr / (double) nFftHost) * fe.nFft / modelRate;
            if (pos >= modelBins - 1) {
                binLo[k] = modelBins - 2;
                binFrac[k] = 1f; // above the model's band: hold its top bin
            } else {
                binLo[k] = (int) pos;
                binFrac[k] = (float) (pos - (int) pos);
            }
        }
        chunk = new float[channels][hopHost];
        mid = new float[hopHost];
        resampled = new float[hopHost * modelRate / sr + 4];
        wet = new float[hopHost];
        dry = new float[hopHost];
        int actRows = 0;
        for (int l = 1; l <= maxLayer; l++) {
            actRows = Math.max(actRows, network.rows(l));
        }
        tap = new ViewTap(frontend.bins(), actRows, 1024);
        shaper = new MaskShaper(Math.exp(-fe.hop / (double) modelRate / PEAK_RELEASE_SECONDS), 1e-6);
        if (eventsEnabled) {
            // Magnitudes wait for their frame's mask as long as the mask ring holds masks.
            magRing = new float[maskCap][modelBins];
            double wsum = 0;
            for (double v : Frontend.analysisWindow(fe.nFft)) {
                wsum += v;
            }
            magScale = 2.0 / wsum;
            passedBand = new PassedBand(modelBins, fe.logGain);
            detector = new EventDetector(modelRate / (double) fe.hop);
            events = new EventQueue(1024);
            applyEvents(eventSettings);
        } else {
            magRing = null;
            passedBand = null;
            detector = null;
            events = null;
        }
        frameCoef = Math.exp(-hopHost / (sr * SMOOTH_SECONDS));
        sampleCoef = Math.exp(-1.0 / (sr * SMOOTH_SECONDS));
        prepared = true;
        reset();
    }

    /**
     * Host frames to wait so that the mask of every host frame j is complete: host frame j's centre,
     * mapped to the model's frame grid, needs model column ceil(mu_j) + lookahead, which needs a
     * model sample that the resampler releases halfWidth input samples later.
     */
    private int hostDelayFrames(int lookahead) {
        ModelSpec.Frontend fe = spec.frontend;
        int hw = resampler == null ? 0 : resampler.halfWidth();
        double step = hostRateDen / (double) modelRateNum;
        int need = 0;
        for (int j = 0; j < 4096; j++) {
            double mu = muOf(j);
            long col = (long) Math.max(0, Math.ceil(mu - 1e-9)) + lookahead;
            long lastModelSample = (col + 1) * fe.hop - 1;
            long lastHostSample = (long) Math.floor(lastModelSample * step + 1e-9) + hw;
            // Host frame j + D is processed once host sample (j + 1 + D) * hop - 1 has arrived.
            long d = (long) Math.ceil((lastHostSample + 1) / (double) hopHost) - 1 - j;
            need = (int) Math.max(need, d);
        }
        return need;
    }

    /** Position of host frame j's centre on the model's frame grid (fractional column index). */
    private double muOf(long j) {
        ModelSpec.Frontend fe = spec.frontend;
        double centreHost = (j + 1) * (double) hopHost - nFftHost / 2.0;
        double centreModel = centreHost * modelRateNum / (double) hostRateDen;
        return (centreModel + fe.nFft / 2.0) / fe.hop - 1;
    }

    /** Clears all audio state (not the settings); the next sample is treated as a stream start. */
    public void reset() {
        if (!prepared) {
            return;
        }
        if (resampler != null) {
            resampler.reset();
        }
        analysisStft.reset();
        network.reset();
        head.reset();
        head.select(settings.layer, settings.feature);
        tap.select(settings.layer, settings.feature);
        shaper.reset();
        for (int c = 0; c < channels; c++) {
            synthStft[c].reset();
            ola[c].reset();
            java.util.Arrays.fill(delayRing[c], 0f);
        }
        for (float[] m : maskRing) {
            java.util.Arrays.fill(m, 0f);
        }
        delayWrite = 0;
        maskColumns = 0;
        hostFrames = 0;
        if (events != null) {
            passedBand.reset();
            detector.reset();
            events.clear();
        }
        threshold = settings.threshold;
        sharpness = settings.sharpness;
        invert = settings.invert ? 1 : 0;
        wetGain = targetWet();
        dryGain = targetDry();
        maskScale = catalogueScale();
    }

    /** Live view of the analysis (for the OpenGL view); exists after prepare(). */
    public ViewTap viewTap() {
        return tap;
    }

    /** Network input rows of the model's front-end; valid after prepare(). */
    public int networkRows() {
        return frontend.bins();
    }

    public int latencySamples() {
        return latency;
    }

    /** A copy of the current settings. */
    public FilterSettings settings() {
        return settings.copy();
    }

    /**
     * Takes new settings; values out of range are clamped (to the model's layers and features, and
     * to the {@link Control} ranges), never thrown. Layer and feature switch at the next analysis
     * column (the overlap-add cross-fades them); everything else glides.
     */
    public void apply(FilterSettings s) {
        boolean fixed = fixedSelection && prepared;
        int layer = fixed ? settings.layer : Math.max(1, Math.min(maxLayer, s.layer));
        int feature = fixed ? settings.feature : Math.max(0, Math.min(model.channels(layer) - 1, s.feature));
        boolean changed = layer != settings.layer || feature != settings.feature;
        settings.copyFrom(s);
        settings.layer = layer;
        settings.feature = feature;
        Control.clampAll(settings);
        if (changed && prepared) {
            head.select(layer, feature);
            tap.select(layer, feature);
            maskScale = catalogueScale();
        }
    }

    private double catalogueScale() {
        return scales[settings.layer][settings.feature];
    }

    private double targetWet() {
        return settings.bypass ? 0 : settings.mix * dbToGain(settings.gainDb);
    }

    private double targetDry() {
        return settings.bypass ? 1 : (1 - settings.mix) * dbToGain(settings.gainDb);
    }

    /**
     * Filters nframes samples of every channel. in and out may be the same arrays. Any nframes >= 0.
     */
    public void process(float[][] in, float[][] out, int nframes) {
        if (!prepared) {
            for (int c = 0; c < out.length && c < in.length; c++) {
                if (out[c] != in[c]) {
                    System.arraycopy(in[c], 0, out[c], 0, nframes);
                }
            }
            return;
        }
        double targetWet = targetWet();
        double targetDry = targetDry();
        int pos = 0;
        while (pos < nframes) {
            int n = Math.min(nframes - pos, synthStft[0].samplesToNextFrame());
            // Sanitise and take the mean for analysis.
            java.util.Arrays.fill(mid, 0, n, 0f);
            float norm = 1f / channels;
            for (int c = 0; c < channels; c++) {
                float[] src = in[c];
                float[] dst = chunk[c];
                for (int i = 0; i < n; i++) {
                    float v = src[pos + i];
                    // NaN and +-Inf are silence (a +-Inf passed on at any level would be a blast); huge finite values clip.
                    v = v != v || v == Float.POSITIVE_INFINITY || v == Float.NEGATIVE_INFINITY ? 0f
                            : (v > 1e6f ? 1e6f : (v < -1e6f ? -1e6f : v));
                    if (v < TINY && v > -TINY) {
                        v = 0f;
                    }
                    dst[i] = v;
                    mid[i] += v * norm;
                }
            }
            analyse(n);
            // Delay lines: synthesis reads delayFrames * hop back, dry reads the full latency back.
            int synthDelay = delayFrames * hopHost;
            for (int c = 0; c < channels; c++) {
                ringWrite(delayRing[c], delayWrite, chunk[c], n);
                ringRead(delayRing[c], delayWrite - synthDelay, wet, n);
                synthStft[c].push(wet, 0, n);
            }
            if (synthStft[0].frameReady()) {
                synthesise();
            }
            for (int c = 0; c < channels; c++) {
                ola[c].pop(wet, 0, n);
                ringRead(delayRing[c], delayWrite - latency, dry, n);
                mix(wet, dry, out[c], pos, n, targetWet, targetDry, c == channels - 1);
            }
            delayWrite += n;
            pos += n;
        }
    }

    /**
     * out = wetGain * wet + dryGain * dry, the gains gliding towards their targets; every channel
     * starts from the same gains, the last one stores where they ended. Once a glide is inaudibly
     * close (1e-7) it snaps, and the steady state is a plain loop.
     */
    private void mix(float[] wet, float[] dry, float[] dst, int off, int n, double targetWet, double targetDry, boolean last) {
        double wg = wetGain;
        double dg = dryGain;
        if (Math.abs(wg - targetWet) < 1e-7 && Math.abs(dg - targetDry) < 1e-7) {
            wg = targetWet;
            dg = targetDry;
            for (int i = 0; i < n; i++) {
                dst[off + i] = flush((float) (wg * wet[i] + dg * dry[i]));
            }
        } else {
            for (int i = 0; i < n; i++) {
                wg = targetWet + (wg - targetWet) * sampleCoef;
                dg = targetDry + (dg - targetDry) * sampleCoef;
                dst[off + i] = flush((float) (wg * wet[i] + dg * dry[i]));
            }
        }
        if (last) {
            wetGain = wg;
            dryGain = dg;
        }
    }

    private static float flush(float v) {
        return (v < TINY && v > -TINY) || !(v == v) ? 0f : v;
    }

    /** Copies n samples into a power-of-two ring at stream position pos (at most two copies). */
    private void ringWrite(float[] ring, long pos, float[] src, int n) {
        int start = (int) pos & delayMask;
        int first = Math.min(n, ring.length - start);
        System.arraycopy(src, 0, ring, start, first);
        System.arraycopy(src, first, ring, 0, n - first);
    }

    /** Reads n samples from a power-of-two ring starting at stream position pos. */
    private void ringRead(float[] ring, long pos, float[] dst, int n) {
        int start = (int) pos & delayMask;
        int first = Math.min(n, ring.length - start);
        System.arraycopy(ring, start, dst, 0, first);
        System.arraycopy(ring, 0, dst, first, n - first);
    }

    /** Analysis path for n new samples of the channel mean. */
    private void analyse(int n) {
        float[] src = mid;
        int count = n;
        if (resampler != null) {
            count = resampler.process(mid, 0, n, resampled, 0);
            src = resampled;
        }
        int pos = 0;
        while (pos < count) {
            int k = Math.min(count - pos, analysisStft.samplesToNextFrame());
            analysisStft.push(src, pos, k);
            pos += k;
            if (analysisStft.frameReady()) {
                analysisStft.frame(spectrum);
                frontend.analyse(spectrum, column);
                long frame = network.frames();
                if (events != null) {
                    magnitudes(spectrum, magRing[(int) frame & maskRingMask]);
                }
                long pooledBefore = network.pooledCount(settings.layer);
                network.push(column);
                tap.writeInput(frame, column);
                if (network.pooledCount(settings.layer) > pooledBefore) {
                    int l = settings.layer;
                    int slot = (int) pooledBefore & network.ringMask(l);
                    tap.writeActivation(frame, network.pooled(l, slot), settings.feature * network.rows(l), network.rows(l), l);
                }
                head.pull();
                while (maskColumns < head.produced()) {
                    float[] raw = head.column(maskColumns);
                    System.arraycopy(raw, 0, rawMask, 0, rawMask.length);
                    shaper.normalise(rawMask, rawMask.length, maskScale);
                    tap.writeMask(maskColumns, rawMask);
                    frontend.maskToStft(rawMask, maskRing[(int) maskColumns & maskRingMask]);
                    if (events != null) {
                        detect(maskColumns, n);
                    }
                    maskColumns++;
                }
            }
        }
    }

    /** STFT magnitudes of one analysis frame, scaled as the front-end scales them (full-scale sine = 1). */
    private void magnitudes(double[] packed, float[] dst) {
        int nFft = spec.frontend.nFft;
        for (int k = 0; k < dst.length; k++) {
            dst[k] = (float) (Fft.magnitude(packed, k, nFft) * magScale);
        }
    }

    /**
     * Model frame c's mask is complete: its passed band goes to the detector; an event it confirms
     * (one frame back) is timed on the model's frame grid, mapped to the input stream and queued.
     * chunk = samples of the block part being analysed (their end is when the event was found).
     */
    private void detect(long c, int chunk) {
        double inv = settings.invert ? 1 : 0;
        passedBand.frame(maskRing[(int) c & maskRingMask], magRing[(int) c & maskRingMask],
                settings.threshold, settings.sharpness, inv);
        if (detector.push(passedBand.flux(), passedBand.levelDb())) {
            ModelSpec.Frontend fe = spec.frontend;
            // Frame t covers model samples [(t + 1) hop - nFft, (t + 1) hop); its centre, plus the tuned offset.
            double modelSample = (detector.peakFrame() + 1) * fe.hop - fe.nFft / 2.0 + eventSampleOffset;
            long in = Math.max(0, Math.round(modelSample * hostRateDen / (double) modelRateNum));
            events.add(in, in + latency, delayWrite + chunk, detector.peakVelocity(), (float) detector.peakHeight(),
                    (float) detector.peakLevelDb());
        }
    }

    /** One host frame: mask of the frame delayFrames back, applied to every channel. */
    private void synthesise() {
        long j = hostFrames - delayFrames;
        threshold = settings.threshold + (threshold - settings.threshold) * frameCoef;
        sharpness = settings.sharpness + (sharpness - settings.sharpness) * frameCoef;
        double inv = settings.invert ? 1 : 0;
        invert = inv + (invert - inv) * frameCoef;
        if (j >= 0) {
            double mu = Math.max(0, muOf(j));
            long c0 = (long) mu;
            float w = (float) (mu - c0);
            long newest = maskColumns - 1; // only short of c0 + 1 in low-latency mode
            if (c0 + (w > 0 ? 1 : 0) > newest) {
                c0 = Math.max(0, newest);
                w = 0;
            }
            float[] m0 = maskRing[(int) c0 & maskRingMask];
            float[] m1 = w > 0 ? maskRing[(int) (c0 + 1) & maskRingMask] : m0;
            for (int k = 0; k < hostMask.length; k++) {
                int lo = binLo[k];
                float f = binFrac[k];
                float a = m0[lo] + f * (m0[lo + 1] - m0[lo]);
                float b = m1[lo] + f * (m1[lo + 1] - m1[lo]);
                hostMask[k] = MaskShaper.shape(a + w * (b - a), threshold, sharpness, invert);
            }
        } else {
            java.util.Arrays.fill(hostMask, 0f); // the delayed stream is still silence here
        }
        for (int c = 0; c < channels; c++) {
            double[] s = channelSpectra[c];
            synthStft[c].frame(s);
            Fft.scaleAll(s, hostMask, nFftHost);
            ola[c].addFrame(s);
        }
        hostFrames++;
    }

    private static double dbToGain(double db) {
        return Math.pow(10.0, db / 20.0);
    }
}
