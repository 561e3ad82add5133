package com.auralise.trainer.data;

import java.util.List;

/**
 * Everything needed to render one clip, decided by {@link Composer} from a seed before any audio
 * exists (so split rules can be checked cheaply on plans).
 *
 * @param drumKit       Hydrogen kit folder name, or null when the drums come from the SoundFont's GM kit
 * @param gmDrumProgram GM percussion kit program used when drumKit is null
 * @param programs      GM program per melodic part (indexed by {@link Part#ordinal()}; -1 for drum parts)
 * @param present       whether each part plays at all in this clip
 * @param notes         all notes, sorted by time, clipped to the clip length
 */
public record SongPlan(long seed, Split split, Style style, double bpm, double swing, int swingUnit,
                       int keyRoot, String mode, String soundFont, String drumKit, int gmDrumProgram,
                       int[] programs, boolean[] present, MixSettings mix, List<NoteEvent> notes,
                       double seconds, int sampleRate) {

    public int frames() {
        return (int) Math.round(seconds * sampleRate);
    }
}
