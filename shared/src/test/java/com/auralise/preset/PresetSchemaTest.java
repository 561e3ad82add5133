package com.auralise.preset;

import com.auralise.filter.Control;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The published schema says what the reader enforces: same ranges, units, limits and fields. */
class PresetSchemaTest {
    static JsonNode schema() throws Exception {
        // Maven runs tests in the module folder; the schema lives with the presets at the top level.
        Path p = Path.of("../presets/schema/auralise-preset.schema.json");
        assertTrue(Files.isRegularFile(p), "schema missing at " + p.toAbsolutePath());
        return new ObjectMapper().readTree(Files.readAllBytes(p));
    }

    @Test
    void rangesUnitsAndLimitsMatchTheReader() throws Exception {
        JsonNode s = schema();
        assertEquals(Preset.SCHEMA_VERSION, s.at("/properties/schemaVersion/const").intValue());
        assertEquals(PresetWriter.SCHEMA_ID, s.get("$id").textValue());
        JsonNode params = s.at("/properties/parameters/properties");
        List<String> keys = new ArrayList<>();
        for (Control c : Control.PRESET) {
            keys.add(c.presetKey());
            if (c.toggle()) {
                assertEquals(c.unit(), params.at("/" + c.presetKey() + "/properties/unit/const").textValue());
            } else {
                check(params.get(c.presetKey()), c.min(), c.max(), c.unit());
            }
        }
        assertEquals(keys, names(s.at("/properties/parameters/required")));
        assertEquals(List.of("schemaVersion", "name", "model", "feature", "parameters"), names(s.get("required")));
        assertEquals(PresetReader.MAX_NAME, s.at("/properties/name/maxLength").intValue());
        assertEquals(PresetReader.MAX_AUTHOR, s.at("/properties/author/maxLength").intValue());
        assertEquals(PresetReader.MAX_DESCRIPTION, s.at("/properties/description/maxLength").intValue());
        assertEquals(PresetReader.MAX_TAGS, s.at("/properties/tags/maxItems").intValue());
        assertEquals(PresetReader.MAX_TAG, s.at("/properties/tags/items/maxLength").intValue());
        assertEquals(PresetReader.MAX_LAYER, s.at("/properties/feature/oneOf/1/properties/layer/maximum").intValue());
        assertEquals(PresetReader.MAX_INDEX, s.at("/properties/feature/oneOf/1/properties/index/maximum").intValue());
        assertEquals("^" + PresetReader.MODEL_ID.pattern() + "$", s.at("/properties/model/properties/id/pattern").textValue());
        assertEquals("^" + PresetReader.SHA256.pattern() + "$", s.at("/properties/model/properties/sha256/pattern").textValue());
        assertTrue(s.get("description").textValue().contains("64 KiB"));
    }

    private static void check(JsonNode p, double min, double max, String unit) {
        assertEquals(min, p.at("/properties/value/minimum").doubleValue(), p.toString());
        assertEquals(max, p.at("/properties/value/maximum").doubleValue(), p.toString());
        assertEquals(unit, p.at("/properties/unit/const").textValue());
    }

    private static List<String> names(JsonNode arr) {
        List<String> l = new ArrayList<>();
        arr.forEach(n -> l.add(n.textValue()));
        return l;
    }
}
