package com.auralise.trainer.interop;

import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.H5Object;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;
import static org.bytedeco.hdf5.global.hdf5.H5T_STR_NULLPAD;
import static org.bytedeco.hdf5.global.hdf5.H5T_STR_NULLTERM;

/**
 * Writes a Keras-2 style .h5 file the way {@code model.save()} lays it out, with the HDF5 C++ API
 * that deeplearning4j-modelimport itself uses: root attributes {@code model_config} (JSON),
 * {@code keras_version}, {@code backend}; group {@code model_weights/<layer>} with attribute
 * {@code weight_names} (fixed-length strings, as h5py writes numpy 'S' arrays) and the tensors in
 * {@code model_weights/<layer>/<layer>/<name>:0}. Test helper only.
 */
final class KerasH5 {
    /** A weight tensor of one layer: its Keras name (e.g. "kernel"), shape and C-order data. */
    record Tensor(String name, long[] shape, float[] data) {
    }

    private KerasH5() {
    }

    static void write(Path file, String modelConfigJson, Map<String, List<Tensor>> weights) {
        // HDF5 is not thread safe and DL4J serialises its own calls on this lock: do the same.
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            H5File f = new H5File(file.toString(), H5F_ACC_TRUNC);
            try {
                fixedString(f, "model_config", modelConfigJson, true);
                fixedString(f, "keras_version", "2.2.4", false); // DL4J reads exactly 5 bytes
                fixedString(f, "backend", "tensorflow", true);
                Group root = f.createGroup("model_weights");
                fixedString(root, "keras_version", "2.2.4", false);
                fixedString(root, "backend", "tensorflow", true);
                stringArray(root, "layer_names", List.copyOf(weights.keySet()));
                for (Map.Entry<String, List<Tensor>> layer : weights.entrySet()) {
                    String name = layer.getKey();
                    Group g = root.createGroup(name);
                    stringArray(g, "weight_names", layer.getValue().stream().map(t -> name + "/" + t.name() + ":0").toList());
                    Group inner = g.createGroup(name);
                    for (Tensor t : layer.getValue()) {
                        DataSpace space = new DataSpace(t.shape().length, t.shape());
                        DataSet ds = inner.createDataSet(t.name() + ":0", PredType.IEEE_F32LE(), space);
                        FloatPointer p = new FloatPointer(t.data());
                        ds.write(p, PredType.NATIVE_FLOAT());
                        p.deallocate();
                        ds.deallocate();
                        space.deallocate();
                    }
                    inner.deallocate();
                    g.deallocate();
                }
                root.deallocate();
            } finally {
                f.deallocate();
            }
        }
    }

    /** A scalar fixed-length string attribute (Keras encodes its strings to bytes before saving). */
    private static void fixedString(H5Object o, String name, String value, boolean terminate) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        int size = b.length + (terminate ? 1 : 0);
        StrType type = new StrType(PredType.C_S1(), size);
        type.setStrpad(terminate ? H5T_STR_NULLTERM : H5T_STR_NULLPAD);
        DataSpace space = new DataSpace(H5S_SCALAR);
        Attribute a = o.createAttribute(name, type, space);
        BytePointer p = new BytePointer(size);
        p.put(b);
        if (terminate) {
            p.put(b.length, (byte) 0);
        }
        a.write(type, p);
        p.deallocate();
        a.deallocate();
        space.deallocate();
        type.deallocate();
    }

    /** A 1-D array of fixed-length, null-padded strings, as h5py stores numpy bytes arrays. */
    private static void stringArray(H5Object o, String name, List<String> values) {
        int width = Math.max(1, values.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).max().orElse(1));
        StrType type = new StrType(PredType.C_S1(), width);
        type.setStrpad(H5T_STR_NULLPAD);
        DataSpace space = new DataSpace(1, new long[] {values.size()});
        Attribute a = o.createAttribute(name, type, space);
        BytePointer p = new BytePointer((long) width * Math.max(1, values.size()));
        p.fill(0);
        for (int i = 0; i < values.size(); i++) {
            p.position((long) i * width).put(values.get(i).getBytes(StandardCharsets.UTF_8));
        }
        p.position(0);
        a.write(type, p);
        p.deallocate();
        a.deallocate();
        space.deallocate();
        type.deallocate();
    }

    static Map<String, List<Tensor>> weights() {
        return new LinkedHashMap<>();
    }
}
